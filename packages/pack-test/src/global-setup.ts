// Vitest's global setup: one temporary folder and one packed, installed app for the whole run, removed at the end.
// A failure is handed to the test files rather than thrown here, so that it fails (and is counted as) their tests.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { preparePackedApp, type PackedApp } from './packed-app.js';

declare module 'vitest' {
  export interface ProvidedContext {
    packed: { readonly app: PackedApp } | { readonly error: string };
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(join(tmpdir(), 'ichat-pack-'));
  try {
    const app = await preparePackedApp(root);
    const sizes = app.tarballs.map((tarball) => `${tarball.manifest.name} ${(tarball.bytes / 1024).toFixed(1)} KB`).join(', ');
    console.log(`packed in ${(app.packMs / 1000).toFixed(1)} s (${sizes}); installed with npm in ${(app.installMs / 1000).toFixed(1)} s`);
    project.provide('packed', { app });
  } catch (error) {
    project.provide('packed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  return () => rmSync(root, { recursive: true, force: true });
}
