// The one expensive step every test file shares: pack the four packages and install the tarballs into a fresh app.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { installApp } from './npm-app.js';
import { packPackage } from './pack.js';
import { offerSqlitePrebuild } from './sqlite-prebuild.js';
import type { Tarball } from './tarball.js';
import { PUBLISHED, workspaceManifest } from './workspace.js';

/** What the global setup hands to every test file. */
export interface PackedApp {
  /** The run's temporary folder, outside the repository. */
  readonly root: string;
  /** The npm project the tarballs are installed in. */
  readonly app: string;
  readonly tarballs: readonly Tarball[];
  /** How long packing and installing took, for the log. */
  readonly packMs: number;
  readonly installMs: number;
}

/**
 * Packs every published package into `<root>/tarballs`, then installs them all into `<root>/app` with npm, together
 * with `ws` (Node 20 has no global WebSocket for the SDK) at the range the SDK's own tests use, and better-sqlite3's
 * binding offered from the workspace's build.
 */
export async function preparePackedApp(root: string): Promise<PackedApp> {
  const destination = join(root, 'tarballs');
  mkdirSync(destination, { recursive: true });
  const packStarted = Date.now();
  const tarballs: Tarball[] = [];
  // One at a time: each pnpm is a whole process, and the machine's cores are shared.
  for (const folder of PUBLISHED) tarballs.push(await packPackage(folder, destination));
  const packMs = Date.now() - packStarted;

  const ws = workspaceManifest('sdk').devDependencies['ws'];
  if (ws === undefined) throw new Error('packages/sdk/package.json has no devDependency on ws to take its range from');
  const app = join(root, 'app');
  const installStarted = Date.now();
  const prebuilds = await offerSqlitePrebuild(join(root, 'prebuilds'));
  await installApp(app, [...tarballs.map((tarball) => tarball.file), `ws@${ws}`], prebuilds);
  return { root, app, tarballs, packMs, installMs: Date.now() - installStarted };
}
