// An app folder outside the repository that installs the tarballs with plain npm, as a user of the registry would.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChecked } from './commands.js';

/**
 * Install scripts the app allows. better-sqlite3 builds or downloads its native binding in one; the others are
 * optional speed-ups of the uWebSockets.js fallback's `ws`, which the server never uses (the workspace ignores their
 * builds too). npm 11 asks for this list in `allowScripts`; older npm runs every install script and ignores it.
 */
export const ALLOW_SCRIPTS: Readonly<Record<string, boolean>> = {
  'better-sqlite3': true,
  bufferutil: false,
  'utf-8-validate': false,
};

/**
 * Makes `dir` an npm project and installs `specs` (tarball paths and registry packages) into it with
 * `npm install --no-audit --no-fund`. With `--strict-allow-scripts`, an install script nobody allowed or denied fails
 * the install instead of running with a notice, so a new native dependency cannot slip in unreviewed.
 */
export async function installApp(dir: string, specs: readonly string[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: 'ichat-packed-app', version: '1.0.0', private: true, allowScripts: ALLOW_SCRIPTS };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded: minutes on a busy machine.
  await runChecked('npm', ['install', '--no-audit', '--no-fund', '--strict-allow-scripts', ...specs], { cwd: dir, timeoutMs: 900_000 });
}
