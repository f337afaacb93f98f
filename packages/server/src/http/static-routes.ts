// Serves the built widget: /widget.js for script-tag embeds, /admin for the dashboard, / for the demo page, and the
// pages that links in e-mails open (/account/reset, /account/verify, /account/unsubscribe). Files come
// from memory in the coding the client prefers, with ETags, so an unchanged file costs a 304 and no download.

import { createHash } from 'node:crypto';
import type { HttpRequest, HttpResponse } from '../transport/http-handler.js';
import { chooseCoding, matchesEtag } from './content-negotiation.js';
import { loadStaticSite, type StaticFile } from './static-site.js';

/** Clean URLs for the pages the server is known for. */
const PAGE_ALIASES: Record<string, string> = {
  '/': '/index.html',
  '/admin': '/admin.html',
  '/admin/': '/admin.html',
  '/account/reset': '/reset.html',
  '/account/verify': '/verify.html',
  '/account/unsubscribe': '/unsubscribe.html',
};

/** A Host header that is a plain host name, IPv4 or bracketed IPv6 address, with an optional port. */
const PLAIN_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** The `sha256-…` source of each inline `<style>` element, so a page's own styles apply and injected ones do not. */
function inlineStyleHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/gi)) {
    hashes.push(`'sha256-${createHash('sha256').update(match[1] ?? '').digest('base64')}'`);
  }
  return hashes;
}

/**
 * The Content-Security-Policy of an HTML page. Scripts only from this server and never inline, so injected markup
 * cannot run code; styles from this server plus the page's own inline `<style>` elements (Lit's component styles are
 * constructed style sheets, which CSP does not govern); images from here, `data:` (the favicon) and any https origin,
 * because people's avatars are pictures on hosts of their choosing (the protocol lets only https URLs through, and the
 * widget fetches them without a referrer); an image cannot run code, so this opens no way to script. Connections go to
 * this server only: `'self'` covers `ws:`/`wss:` to the same host in current browsers only, so the socket's URLs are
 * listed too when the Host header is a plain host. No page may be framed by any site (clickjacking): other sites embed
 * the chat with the script tag, not a frame.
 */
export function pagePolicy(html: string, host: string | undefined): string {
  const sockets = host !== undefined && PLAIN_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    ["style-src 'self'", ...inlineStyleHashes(html)].join(' '),
    "img-src 'self' data: https:",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Hashed asset names change with their content, so they may be cached for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Entry points keep their names across deploys: caches must ask each time (an unchanged file costs a 304). */
const REVALIDATE = 'no-cache';

/**
 * The caching headers of every answer for a file, 200 and 304 alike. `/assets/` holds the build's content-hashed names
 * and nothing else; every other file is an entry point.
 */
function cachingHeaders(path: string, etag: string): Record<string, string> {
  return {
    'cache-control': path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE,
    etag,
    // The body depends on Accept-Encoding, so a shared cache must keep one copy per coding.
    vary: 'Accept-Encoding',
  };
}

/**
 * The answer for `file` in the coding the client prefers: 304 with no body when the client's copy has the same ETag,
 * else 200. HEAD gets the same: the transport sends the headers only.
 */
function fileResponse(request: HttpRequest, file: StaticFile): HttpResponse {
  const coding = chooseCoding(request.headers.get('accept-encoding'), file.compressed);
  const chosen = file.compressed.get(coding) ?? file.identity;
  const caching = cachingHeaders(request.path, chosen.etag);
  if (matchesEtag(request.headers.get('if-none-match'), chosen.etag)) return { status: 304, headers: caching, body: '' };
  const headers: Record<string, string> = { 'content-type': file.type, ...caching, 'x-content-type-options': 'nosniff' };
  if (chosen.coding !== 'identity') headers['content-encoding'] = chosen.coding;
  if (file.html !== undefined) {
    headers['content-security-policy'] = pagePolicy(file.html, request.headers.get('host'));
    // frame-ancestors' predecessor, for browsers that do not read CSP's.
    headers['x-frame-options'] = 'DENY';
  }
  return { status: 200, headers, body: chosen.body };
}

/**
 * A handler for GET/HEAD of files under `root`, or undefined for paths it does not serve. The folder is read into
 * memory now (see {@link loadStaticSite}); only files found there are served, so no path can reach outside it, and
 * dotfiles are never served.
 */
export function staticFiles(root: string): (request: HttpRequest) => Promise<HttpResponse | undefined> {
  const site = loadStaticSite(root);
  return (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return Promise.resolve(undefined);
    const path = PAGE_ALIASES[request.path] ?? request.path;
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return Promise.resolve(undefined);
    }
    const file = site.get(decoded);
    return Promise.resolve(file === undefined ? undefined : fileResponse(request, file));
  };
}
