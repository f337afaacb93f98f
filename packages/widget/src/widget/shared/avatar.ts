// A round avatar with initials, coloured from the name so each person keeps their colour, and a presence dot.

import { html, nothing, type TemplateResult } from 'lit';

/** How many avatar colours the styles define (`.tone-0` …). */
export const AVATAR_TONES = 8;

/** A colour from the name: the same person always gets the same one. */
function tone(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 9973;
  return hash % AVATAR_TONES;
}

/** The first letter of each of the first two words ("ada lovelace" → "AL"), or the first two letters. */
export function initials(name: string): string {
  const words = name.split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? words.slice(0, 2).map((w) => [...w][0]).join('') : [...name].slice(0, 2).join('');
  return letters.toUpperCase();
}

/**
 * Decorative: the name is always in the text next to it. `online` adds the dot, with its meaning spelt out. The colour
 * is a class, not an inline style, so a strict `style-src` Content Security Policy allows it.
 */
export function renderAvatar(name: string, online: boolean | undefined, onlineLabel: string): TemplateResult {
  return html`<span class="avatar tone-${tone(name)}" part="avatar">
    <span aria-hidden="true">${initials(name)}</span>
    ${online === true ? html`<span class="presence" title=${onlineLabel}><span class="visually-hidden">${onlineLabel}</span></span>` : nothing}
  </span>`;
}
