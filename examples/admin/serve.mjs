// Serves this folder on its own origin (default http://localhost:5180), standing in for "someone else's dashboard".

import { fileURLToPath } from 'node:url';
import { serveFiles } from '../static-server.mjs';

const { port } = await serveFiles(fileURLToPath(new URL('.', import.meta.url)), Number(process.env.PORT ?? 5180), {
  '/': 'index.html',
  '/dashboard.css': 'dashboard.css',
});
console.log(`Sample dashboard on http://localhost:${port} (iChat server: ?server=… , default http://localhost:5000)`);
