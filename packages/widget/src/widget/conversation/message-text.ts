// Message text as Lit text nodes, with http(s) URLs turned into safe links. Nothing here ever becomes HTML.

import { html, type TemplateResult } from 'lit';

/** A run of text, or a link whose `href` has been checked to be http or https. */
export type TextPiece = { text: string } | { text: string; href: string };

const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Punctuation that ends a sentence rather than a URL: "see https://a.example/x." */
const TRAILING = /[.,;:!?'"»”’)\]}]+$/;

/** The link itself, minus sentence punctuation; a closing bracket stays when the URL opened one. */
function trimUrl(candidate: string): string {
  let url = candidate.replace(TRAILING, '');
  const rest = candidate.slice(url.length);
  for (const char of rest) {
    const open = char === ')' ? '(' : char === ']' ? '[' : undefined;
    if (open === undefined || url.split(open).length <= url.split(char).length) break;
    url += char;
  }
  return url;
}

function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Splits text into plain runs and links.
 *
 * @example
 * ```ts
 * splitLinks('see https://example.com.') // [{ text: 'see ' }, { text: 'https://example.com', href: 'https://example.com/' }, { text: '.' }]
 * ```
 */
export function splitLinks(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let from = 0;
  for (const match of text.matchAll(URL_CANDIDATE)) {
    const url = trimUrl(match[0]);
    const href = safeHref(url);
    if (href === undefined) continue;
    if (match.index > from) pieces.push({ text: text.slice(from, match.index) });
    pieces.push({ text: url, href });
    from = match.index + url.length;
  }
  if (from < text.length) pieces.push({ text: text.slice(from) });
  return pieces;
}

/**
 * A plain run with the reader's `@name` marked (`mine`, lower-cased: given when the server said the message mentions
 * them). Each piece stays a text binding.
 */
function markMentions(text: string, mine: string | undefined): TemplateResult[] {
  const runs = mine === undefined ? [text] : text.split(new RegExp(`(?<![\\w.@-])(@${mine.replace(/[.]/g, '\\.')})(?!\\w)`, 'i'));
  // split() with a capture group: odd indexes are the mentions.
  return runs.map((run, index) => (index % 2 === 1 ? html`<mark part="mention">${run}</mark>` : html`${run}`));
}

/**
 * The message body: text bindings only, links opening in a new tab without referrer or opener, and the reader's own
 * `@username` marked when the message mentions them (`mine`).
 */
export function renderMessageText(text: string, mine?: string): (TemplateResult | TemplateResult[])[] {
  return splitLinks(text).map((piece) =>
    'href' in piece
      ? html`<a href=${piece.href} target="_blank" rel="noopener noreferrer nofollow">${piece.text}</a>`
      : markMentions(piece.text, mine),
  );
}
