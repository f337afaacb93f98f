// The packages iChat publishes, where they live in this repository, and what their package.json says.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifest, type Manifest } from './manifest.js';

/** The repository's root folder. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The published packages by folder name, in dependency order (each depends only on those before it). */
export const PUBLISHED = ['protocol', 'sdk', 'widget', 'server'] as const;

export type PublishedPackage = (typeof PUBLISHED)[number];

/** The package's folder in the workspace. */
export function packageDir(name: PublishedPackage): string {
  return join(REPOSITORY_ROOT, 'packages', name);
}

/** The package.json of a workspace package, as committed (with its `workspace:` ranges). */
export function workspaceManifest(name: PublishedPackage): Manifest {
  return parseManifest(readFileSync(join(packageDir(name), 'package.json'), 'utf8'));
}
