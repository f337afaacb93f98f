// Packs a workspace package with `pnpm pack`, the way it would be published: `workspace:` ranges become versions.

import { runChecked } from './commands.js';
import { readTarball, type Tarball } from './tarball.js';
import { packageDir, type PublishedPackage } from './workspace.js';

/** `pnpm pack --json`'s answer, as far as it is used here. */
function packedFile(output: string): string {
  const value: unknown = JSON.parse(output);
  const filename: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, 'filename') : undefined;
  if (typeof filename !== 'string') throw new Error(`pnpm pack did not name its tarball:\n${output}`);
  return filename;
}

/** Packs one package into `destination` and reads the tarball back. */
export async function packPackage(folder: PublishedPackage, destination: string): Promise<Tarball> {
  const output = await runChecked('pnpm', ['pack', '--json', '--pack-destination', destination], {
    cwd: packageDir(folder),
    timeoutMs: 120_000,
  });
  return readTarball(folder, packedFile(output));
}
