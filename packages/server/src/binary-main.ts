// The one-file binary's entry point (a Node.js single executable application): unpacks and checks the server's files,
// then runs the same ichat-server command as the npm package, with every flag, variable and subcommand.

import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { getAsset } from 'node:sea';
import { gunzipSync } from 'node:zlib';
import { IChatError } from '@ichat/protocol';
import { prepareRuntime } from './binary/runtime-folder.js';
import { parseRuntimeManifest, RUNTIME_MANIFEST_ASSET } from './binary/runtime-manifest.js';

function start(): void {
  const manifest = parseRuntimeManifest(JSON.parse(Buffer.from(getAsset(RUNTIME_MANIFEST_ASSET)).toString('utf8')));
  const runtime = prepareRuntime({ manifest, read: (asset) => gunzipSync(new Uint8Array(getAsset(asset))) });
  if (runtime.temporary) {
    process.stderr.write(`ichat-server: no usable cache folder (${runtime.reason ?? ''}); using ${runtime.folder} for this run\n`);
    process.on('exit', () => rmSync(runtime.folder, { recursive: true, force: true }));
  }
  const main = join(runtime.folder, ...manifest.main.split('/'));
  // The executable's own require loads only built-in modules; one rooted in the runtime folder loads the bundled
  // server, which finds its native addons and the widget beside it.
  createRequire(main)(main);
}

try {
  start();
} catch (error) {
  process.stderr.write(`ichat-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof IChatError && error.code !== 'internal' ? 2 : 1);
}
