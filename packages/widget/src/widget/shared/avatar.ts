// A round avatar: the person's picture when they have one, else initials coloured from the name so each person keeps
// their colour, and a presence dot.

import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';

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
 * Whether a picture URL may be shown: https only. The server already refuses any other scheme and writes URLs as the
 * URL parser does (lower-case scheme); checking again here keeps a `javascript:` or `http:` URL out of the page
 * whatever a server sends.
 */
export function isShowablePicture(url: string | null | undefined): url is string {
  return url?.startsWith('https://') === true;
}

/** A picture that fails to load is hidden, so the initials under it show instead of a broken-image icon. */
function pictureFailed(event: Event): void {
  (event.currentTarget as HTMLImageElement).hidden = true;
}

/**
 * Decorative: the name is always in the text next to it, so the picture's `alt` is empty. The picture lies over the
 * initials and is fetched without a referrer (the picture's host learns nothing of the page it is shown on), lazily
 * and decoded off the main thread. `online` adds the dot, with its meaning spelt out. The colour is a class, not an
 * inline style, so a strict `style-src` Content Security Policy allows it.
 */
export function renderAvatar(name: string, online: boolean | undefined, onlineLabel: string, picture?: string | null): TemplateResult {
  return html`<span class="avatar tone-${tone(name)}" part="avatar">
    <span aria-hidden="true">${initials(name)}</span>
    ${isShowablePicture(picture)
      ? // A new element per URL: one hidden after a failure must not stay hidden when the person picks another picture.
        keyed(
          picture,
          html`<img class="picture" src=${picture} alt="" referrerpolicy="no-referrer" loading="lazy" decoding="async" @error=${pictureFailed} />`,
        )
      : nothing}
    ${online === true ? html`<span class="presence" title=${onlineLabel}><span class="visually-hidden">${onlineLabel}</span></span>` : nothing}
  </span>`;
}
