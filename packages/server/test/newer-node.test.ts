// The server started on a Node.js it does not support (22, 24: CI's newer-Node step names their executables in
// ICHAT_NEWER_NODES) stops with one line saying what it runs on, before it creates or opens anything.

import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, requireServerBuild, SERVER_MAIN } from '@ichat/test-kit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from './support/test-server.js';

// Run only when they are named (vitest.config.ts leaves this file out otherwise).
const newerNodes = (process.env['ICHAT_NEWER_NODES'] ?? '').split(':').filter((path) => path !== '');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the built command with `node` in a fresh folder; its exit code, stderr and the folder. */
function runWith(node: string, args: string[]): { code: number | null; stderr: string; dir: string } {
  const dir = makeTempDir();
  dirs.push(dir);
  const result = spawnSync(node, [SERVER_MAIN, ...args], { cwd: dir, env: cleanEnv(), encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stderr: result.stderr, dir };
}

beforeAll(requireServerBuild);

describe.each(newerNodes)('ichat-server on %s', (node) => {
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();

  it('refuses to start in one line naming Node.js 20 and the binary, and creates no database', () => {
    const run = runWith(node, ['--port', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `ichat-server: Node.js ${version} is not supported: the server runs on Node.js 20.19 or a later 20.x (the uWebSockets.js ` +
        'build it uses has no native binary for newer ones). Start it with Node.js 20, or use the ichat-server binary, which ' +
        'brings its own Node.js (docs/server.md, "Node.js versions")\n',
    );
    expect(existsSync(join(run.dir, 'data'))).toBe(false);
  });

  it('fails --check with the same line and exit code 1', () => {
    const run = runWith(node, ['--check']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`ichat-server: Node.js ${version} is not supported`);
  });
});
