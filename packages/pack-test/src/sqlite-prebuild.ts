// better-sqlite3's native binding for the npm install, from the one the workspace already built, so the install
// does not compile SQLite a second time (minutes on a busy machine; the prebuilt download needs GitHub).

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runChecked } from './commands.js';
import { parseManifest } from './manifest.js';
import { packageDir } from './workspace.js';

/**
 * Writes the workspace's better-sqlite3 binding into `folder` as the archive prebuild-install would download for
 * this Node.js (`better-sqlite3-v<version>-node-v<abi>-<platform>-<arch>.tar.gz`), and returns the environment that
 * points prebuild-install's `local-prebuilds` setting at it. prebuild-install looks there before downloading. When npm
 * resolves a different version than the workspace's, the names differ and the install downloads or compiles as
 * usual. Returns no environment when the workspace has no built binding (nothing to offer).
 */
export async function offerSqlitePrebuild(folder: string): Promise<Record<string, string>> {
  const packageJson = createRequire(join(packageDir('server'), 'package.json')).resolve('better-sqlite3/package.json');
  const root = dirname(packageJson);
  const binding = join('build', 'Release', 'better_sqlite3.node');
  if (!existsSync(join(root, binding))) return {};
  const { version } = parseManifest(readFileSync(packageJson, 'utf8'));
  // prebuild-install's name for glibc Linux, macOS and Windows; musl Linux adds "musl", which simply never matches.
  const archive = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  mkdirSync(folder, { recursive: true });
  await runChecked('tar', ['-czf', join(folder, archive), '-C', root, binding], { cwd: folder });
  return { npm_config_better_sqlite3_local_prebuilds: folder };
}
