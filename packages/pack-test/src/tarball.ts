// What a package tarball holds, read from the archive itself with the system's tar: its files and its package.json.

import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { runChecked } from './commands.js';
import { parseManifest, type Manifest } from './manifest.js';
import type { PublishedPackage } from './workspace.js';

/** One packed package. Plain data, so the global setup can hand it to the test files. */
export interface Tarball {
  /** The package's folder name in the workspace. */
  readonly folder: PublishedPackage;
  /** The .tgz file. */
  readonly file: string;
  readonly bytes: number;
  /** Every file in the archive, relative to the package root (npm's `package/` prefix removed), sorted. */
  readonly files: readonly string[];
  /** The package.json inside the archive: what npm and a registry see. */
  readonly manifest: Manifest;
}

/** npm tarballs hold everything under one `package/` folder. */
const PREFIX = 'package/';

/** Reads a package tarball. */
export async function readTarball(folder: PublishedPackage, file: string): Promise<Tarball> {
  const cwd = dirname(file);
  const listing = await runChecked('tar', ['-tzf', file], { cwd });
  const files = listing
    .split('\n')
    .filter((line) => line !== '' && !line.endsWith('/'))
    .map((line) => (line.startsWith(PREFIX) ? line.slice(PREFIX.length) : line))
    .sort();
  const manifest = parseManifest(await runChecked('tar', ['-xzOf', file, `${PREFIX}package.json`], { cwd }));
  return { folder, file, bytes: statSync(file).size, files, manifest };
}
