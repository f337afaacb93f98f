// Serves the built widget: /widget.js for script-tag embeds, /admin for the dashboard, / for the demo page.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { HttpRequest, HttpResponse } from '../transport/http-handler.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Clean URLs for the pages the server is known for. */
const PAGE_ALIASES: Record<string, string> = { '/': '/index.html', '/admin': '/admin.html', '/admin/': '/admin.html' };

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

/**
 * A handler for GET/HEAD of files under `root`, or undefined for paths it does not serve. Paths are normalised and
 * kept inside `root`; dotfiles are never served.
 */
export function staticFiles(root: string): (request: HttpRequest) => Promise<HttpResponse | undefined> {
  const base = normalize(root + sep);
  return async (request) => {
    if (root === '' || (request.method !== 'GET' && request.method !== 'HEAD')) return undefined;
    const path = PAGE_ALIASES[request.path] ?? request.path;
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return undefined;
    const file = normalize(join(base, decoded));
    if (!file.startsWith(base)) return undefined;
    const type = CONTENT_TYPES[extname(file)];
    if (type === undefined) return undefined;
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return undefined;
    }
    // Hashed asset names may be cached for good; the entry points must be revalidated so deploys show up.
    const immutable = request.path.startsWith('/assets/');
    const headers: Record<string, string> = {
      'content-type': type,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    };
    if (extname(file) === '.html') {
      headers['content-security-policy'] = pagePolicy(body.toString('utf8'), request.headers.get('host'));
      // frame-ancestors' predecessor, for browsers that do not read CSP's.
      headers['x-frame-options'] = 'DENY';
    }
    return { status: 200, headers, body: request.method === 'HEAD' ? '' : body };
  };
}
