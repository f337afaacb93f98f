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

/** The message body: text bindings only, links opening in a new tab without referrer or opener. */
export function renderMessageText(text: string): TemplateResult[] {
  return splitLinks(text).map((piece) =>
    'href' in piece
      ? html`<a href=${piece.href} target="_blank" rel="noopener noreferrer nofollow">${piece.text}</a>`
      : html`${piece.text}`,
  );
}
