#!/usr/bin/env node
// The installed ichat-server command. It is committed rather than pointing at dist/main.js so that pnpm can link it
// on install, before anything is built; it runs the build, or says how to make one.

import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('ichat-server: the server is not built yet; run `pnpm build` in the repository first\n');
  process.exit(1);
}
await import(main.href);
