// Checks the docs' HTML and CSS against the elements' real surface: attributes, parts, custom properties, and the
// script-tag bundles the server serves.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../repo.js';
import { readElementApi, type ElementApi, type ElementName } from './element-api.js';

/** The languages this checker reads. */
export const MARKUP_LANGUAGES = new Set(['html', 'css']);

/** Attributes any HTML element takes, custom ones included. */
const GLOBAL_ATTRIBUTES = new Set(['class', 'id', 'style', 'slot', 'hidden', 'dir', 'lang', 'title', 'tabindex', 'inert', 'exportparts']);

const ELEMENTS: readonly ElementName[] = ['ichat-widget', 'ichat-admin'];

const WIDGET_DIST = join(REPO_ROOT, 'packages/widget/dist');

export class MarkupChecker {
  readonly #apis = new Map<ElementName, ElementApi>(ELEMENTS.map((element) => [element, readElementApi(element)]));

  #api(element: ElementName): ElementApi {
    const api = this.#apis.get(element);
    if (api === undefined) throw new Error(`no API read for ${element}`);
    return api;
  }

  /** Problems in an HTML block: its tags' attributes, its scripts, and the CSS of its `<style>` elements. */
  checkHtml(code: string): string[] {
    const problems: string[] = [];
    for (const style of code.matchAll(/<style>([\s\S]*?)<\/style>/g)) problems.push(...this.checkCss(style[1] ?? ''));
    const withoutStyles = code.replaceAll(/<style>[\s\S]*?<\/style>/g, '');
    for (const tag of withoutStyles.matchAll(/<([a-z][\w-]*)((?:\s+[^\s=>/]+(?:=(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g)) {
      const name = tag[1] ?? '';
      const attributes = [...(tag[2] ?? '').matchAll(/([^\s=]+)(?:=(?:"([^"]*)"|'([^']*)'|(\S+)))?/g)].map((match) => ({
        name: match[1] ?? '',
        value: match[2] ?? match[3] ?? match[4] ?? '',
      }));
      if (name === 'script') {
        const src = attributes.find((attribute) => attribute.name === 'src')?.value;
        const file = src === undefined ? undefined : new URL(src, 'https://chat.example.com/').pathname.slice(1);
        const bundles = ELEMENTS.map((element) => this.#api(element).bundle);
        if (file !== undefined && (!bundles.includes(file) || !existsSync(join(WIDGET_DIST, file)))) {
          problems.push(`<script src="${src ?? ''}">: the server serves ${bundles.join(' and ')}, not ${file}`);
        }
        continue;
      }
      if (!ELEMENTS.includes(name as ElementName)) continue;
      const api = this.#api(name as ElementName);
      for (const attribute of attributes) {
        const known = api.attributes.has(attribute.name) || GLOBAL_ATTRIBUTES.has(attribute.name) || /^(data|aria)-/.test(attribute.name);
        if (!known) problems.push(`<${name}> has no ${attribute.name} attribute (it has ${[...api.attributes].join(', ')})`);
        if (attribute.name === 'style') problems.push(...this.#checkDeclarations(attribute.value, [name as ElementName]));
      }
    }
    return problems;
  }

  /** Problems in CSS: `::part()` names and `--ichat-*` properties the selected element does not have. */
  checkCss(code: string): string[] {
    const problems: string[] = [];
    for (const rule of code.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
      const selector = (rule[1] ?? '').trim();
      const named = ELEMENTS.filter((element) => selector.includes(element));
      const elements = named.length > 0 ? named : ELEMENTS;
      for (const part of selector.matchAll(/::part\(([^)]+)\)/g)) {
        const name = (part[1] ?? '').trim();
        if (!elements.some((element) => this.#api(element).parts.has(name))) {
          problems.push(`${selector}: ${elements.join(' / ')} has no part "${name}"`);
        }
      }
      problems.push(...this.#checkDeclarations(rule[2] ?? '', elements).map((problem) => `${selector}: ${problem}`));
    }
    return problems;
  }

  #checkDeclarations(body: string, elements: readonly ElementName[]): string[] {
    const problems: string[] = [];
    for (const match of body.matchAll(/(--ichat-[a-z-]+)/g)) {
      const property = match[1] ?? '';
      if (!elements.some((element) => this.#api(element).customProperties.has(property))) {
        problems.push(`${elements.join(' / ')} reads no ${property} custom property`);
      }
    }
    return problems;
  }
}
