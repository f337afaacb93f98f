// Serves the sample host site on its own origin (default http://localhost:5181).

import { fileURLToPath } from 'node:url';
import { serveFiles } from '../static-server.mjs';

const { port } = await serveFiles(fileURLToPath(new URL('.', import.meta.url)), Number(process.env.PORT ?? 5181), {
  '/': 'index.html',
  '/site.css': 'site.css',
});
console.log(`Host site on http://localhost:${port} (iChat server: ?server=… , default http://localhost:5000)`);
