// @ts-check
// A tiny static file server for the examples: each example is a "host site" on its own origin.

import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Serves the listed files of `folder` (URL path → file name) on 127.0.0.1:`port`; anything else is a 404.
 * Resolves with the port actually bound (pass 0 for a free one).
 * @param {string} folder
 * @param {number} port
 * @param {Record<string, string>} files
 * @returns {Promise<{ port: number, close: () => void }>}
 */
export function serveFiles(folder, port, files) {
  const server = createServer(async (request, response) => {
    const name = files[new URL(request.url ?? '/', 'http://localhost').pathname];
    if (name === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const body = await readFile(join(folder, name));
    const type = /** @type {Record<string, string>} */ (TYPES)[extname(name)] ?? 'application/octet-stream';
    response.writeHead(200, { 'content-type': type }).end(body);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({ port: typeof address === 'object' && address !== null ? address.port : port, close: () => server.close() });
    });
  });
}
