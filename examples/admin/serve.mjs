// Serves this folder on its own origin (default http://localhost:5180), standing in for "someone else's dashboard".

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const port = Number(process.env.PORT ?? 5180);
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const files = new Map([
  ['/', 'index.html'],
  ['/dashboard.css', 'dashboard.css'],
]);

createServer(async (request, response) => {
  const name = files.get(new URL(request.url ?? '/', 'http://localhost').pathname);
  if (name === undefined) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  const body = await readFile(join(root, name));
  response.writeHead(200, { 'content-type': types[extname(name)] ?? 'application/octet-stream' }).end(body);
}).listen(port, '127.0.0.1', () => {
  console.log(`Sample dashboard on http://localhost:${port} (iChat server: ?server=… , default http://localhost:5000)`);
});
