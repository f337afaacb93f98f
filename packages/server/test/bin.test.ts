// The installed ichat-server command (bin/ichat-server.mjs), run as pnpm links it: through node, from any folder.

import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { requireServerBuild } from '@ichat/test-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from './support/test-server.js';

const BIN = fileURLToPath(new URL('../bin/ichat-server.mjs', import.meta.url));
const MANIFEST = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string; bin: Record<string, string> };

/** Runs `node <script> ...args` in a fresh folder; resolves with the exit code and both streams, whatever the code. */
async function run(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [script, ...args], { cwd: makeTempDir(), timeout: 15_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(requireServerBuild);

describe('the ichat-server bin', () => {
  it('is the committed script, so pnpm can link it before the build exists', () => {
    expect(MANIFEST.bin['ichat-server']).toBe('./bin/ichat-server.mjs');
  });

  it('prints the package version for --version and exits 0', async () => {
    const result = await run(BIN, ['--version']);
    expect(result).toEqual({ code: 0, stdout: `${MANIFEST.version}\n`, stderr: '' });
  });

  it('says to run pnpm build, and exits 1, when the server is not built', async () => {
    const unbuilt = join(makeTempDir(), 'bin');
    mkdirSync(unbuilt);
    copyFileSync(BIN, join(unbuilt, 'ichat-server.mjs'));
    const result = await run(join(unbuilt, 'ichat-server.mjs'), ['--version']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('ichat-server: the server is not built yet; run `pnpm build` in the repository first\n');
  });
});
