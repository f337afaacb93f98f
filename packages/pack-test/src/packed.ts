// The test files' access to the packed app that the global setup made.

import { inject } from 'vitest';
import type { PackedApp } from './packed-app.js';
import type { Tarball } from './tarball.js';
import type { PublishedPackage } from './workspace.js';

/** The packed, installed app; throws the setup's failure, so each test that needs the app fails with it. */
export function packedApp(): PackedApp {
  const packed = inject('packed');
  if ('error' in packed) throw new Error(`packing or installing the packages failed:\n${packed.error}`);
  return packed.app;
}

/** One package's tarball. */
export function tarballOf(folder: PublishedPackage): Tarball {
  const tarball = packedApp().tarballs.find((candidate) => candidate.folder === folder);
  if (tarball === undefined) throw new Error(`no tarball for packages/${folder}`);
  return tarball;
}
