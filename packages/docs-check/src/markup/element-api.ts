// The public surface of <ichat-widget> and <ichat-admin>, read from their source: the attributes their Lit
// `properties` declare, the `part`s their templates and charts set, and the `--ichat-*` custom properties their
// styles read.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../repo.js';

export type ElementName = 'ichat-widget' | 'ichat-admin';

export interface ElementApi {
  readonly attributes: ReadonlySet<string>;
  readonly parts: ReadonlySet<string>;
  readonly customProperties: ReadonlySet<string>;
  /** The script-tag bundle that defines the element, e.g. `widget.js`. */
  readonly bundle: string;
}

const WIDGET_SRC = join(REPO_ROOT, 'packages/widget/src');

/** Each element's own source: its class file, the folders only it uses (with their subfolders), and the shared theme. */
const SOURCES: Readonly<Record<ElementName, { main: string; folders: readonly string[]; bundle: string }>> = {
  'ichat-widget': { main: 'ichat-widget.ts', folders: ['widget', 'styles'], bundle: 'widget.js' },
  'ichat-admin': { main: 'ichat-admin.ts', folders: ['admin', 'charts', 'styles'], bundle: 'admin.js' },
};

function sourceFiles(element: ElementName): string[] {
  const { main, folders } = SOURCES[element];
  const inFolders = folders.flatMap((folder) =>
    readdirSync(join(WIDGET_SRC, folder), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .map((name) => join(WIDGET_SRC, folder, name)),
  );
  return [join(WIDGET_SRC, main), ...inFolders];
}

/** Attributes from `static override properties = { … }`: every entry but internal state and `attribute: false`. */
function declaredAttributes(mainSource: string): Set<string> {
  const block = /static override properties = \{([\s\S]*?)\n {2}\};/.exec(mainSource)?.[1];
  if (block === undefined) throw new Error('no `static override properties = { … }` block found');
  const attributes = new Set<string>();
  for (const entry of block.matchAll(/^\s*(\w+): \{([^}]*)\}/gm)) {
    const options = entry[2] ?? '';
    if (/state: true|attribute: false/.test(options)) continue;
    attributes.add(/attribute: '([^']+)'/.exec(options)?.[1] ?? (entry[1] ?? '').toLowerCase());
  }
  return attributes;
}

/** Reads one element's public surface from the widget package's source. */
export function readElementApi(element: ElementName): ElementApi {
  const files = sourceFiles(element);
  const texts = files.map((file) => readFileSync(file, 'utf8'));
  const parts = new Set<string>();
  const customProperties = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/\bpart="([^"]*)"/g)) {
      for (const word of (match[1] ?? '').split(/\s+/)) if (/^[a-z-]+$/.test(word)) parts.add(word);
    }
    for (const match of text.matchAll(/attr\('part', '([a-z-]+)'\)/g)) parts.add(match[1] ?? '');
    for (const match of text.matchAll(/var\((--ichat-[a-z-]+)/g)) customProperties.add(match[1] ?? '');
  }
  return { attributes: declaredAttributes(texts[0] ?? ''), parts, customProperties, bundle: SOURCES[element].bundle };
}
