// An app folder outside the repository that installs the tarballs with plain npm, as a user of the registry would.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChecked, toolEnv } from './commands.js';

/**
 * Install scripts the app allows. better-sqlite3 fetches or compiles its native binding in one. bufferutil and
 * utf-8-validate are optional dependencies of the uWebSockets.js package, native speed-ups for the `ws` of its
 * JavaScript fallback, which the server refuses to run on; the workspace skips their builds too. npm 11 reads this
 * list from `allowScripts`; older npm runs every install script and ignores the field.
 */
export const ALLOW_SCRIPTS: Readonly<Record<string, boolean>> = {
  'better-sqlite3': true,
  bufferutil: false,
  'utf-8-validate': false,
};

/**
 * Makes `dir` an npm project and installs `specs` (tarball paths and registry packages) into it, with `env` added, with
 * `npm install --no-audit --no-fund`. With `--strict-allow-scripts`, an install script nobody allowed or denied fails
 * the install instead of running with a notice, so a new native dependency cannot slip in unreviewed.
 */
export async function installApp(dir: string, specs: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: 'ichat-packed-app', version: '1.0.0', private: true, allowScripts: ALLOW_SCRIPTS };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // better-sqlite3 compiles from source when no prebuilt binding is at hand: minutes on a busy machine.
  const args = ['install', '--no-audit', '--no-fund', '--strict-allow-scripts', ...specs];
  await runChecked('npm', args, { cwd: dir, env: toolEnv(env), timeoutMs: 900_000 });
}
