// Which coding of a file to send (Accept-Encoding), and whether the client's copy is still current (If-None-Match).

import type { ContentCoding } from './static-site.js';

/** The compressed codings, most preferred first: brotli is smaller than gzip for the same text. */
const COMPRESSED: readonly ContentCoding[] = ['br', 'gzip'];

/** The quality value (`q`) of each coding an Accept-Encoding header names; malformed elements are ignored. */
function qualities(acceptEncoding: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const element of acceptEncoding.split(',')) {
    const [name = '', ...params] = element.split(';').map((part) => part.trim().toLowerCase());
    if (name === '') continue;
    let q = 1;
    for (const param of params) {
      const match = /^q\s*=\s*([01](?:\.\d{0,3})?)$/.exec(param);
      if (match === null) continue;
      q = Math.min(Number(match[1]), 1);
    }
    // x-gzip is gzip's old name, still sent by some clients.
    result.set(name === 'x-gzip' ? 'gzip' : name, q);
  }
  return result;
}

/**
 * The coding to send, given the request's Accept-Encoding and the codings `available` for the file. A compressed
 * coding is chosen when the client gives it (or `*`) a quality above zero, the highest quality winning and brotli
 * winning a tie; otherwise identity. Identity is sent even when the client refuses it with `identity;q=0`: every
 * client can read it, and answering 406 would only break the page.
 */
export function chooseCoding(
  acceptEncoding: string | undefined,
  available: { has(coding: ContentCoding): boolean },
): ContentCoding {
  if (acceptEncoding === undefined || acceptEncoding === '') return 'identity';
  const accepted = qualities(acceptEncoding);
  let best: ContentCoding = 'identity';
  let bestQ = 0;
  for (const coding of COMPRESSED) {
    const q = accepted.get(coding) ?? accepted.get('*') ?? 0;
    if (available.has(coding) && q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

/**
 * Whether an If-None-Match header matches `etag`, so the answer is 304 Not Modified. `*` matches any; entity tags are
 * compared weakly (a `W/` prefix is ignored), as RFC 9110 requires for If-None-Match.
 */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
