// Serves the built widget: /widget.js for script-tag embeds, /admin for the dashboard, / for the demo page.

import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { HttpRequest, HttpResponse } from './http-types.js';

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
    return {
      status: 200,
      headers: {
        'content-type': type,
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
      },
      body: request.method === 'HEAD' ? '' : body,
    };
  };
}
