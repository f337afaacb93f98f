// The one-file binary run as its users run it: from an empty folder, with no node on PATH and no node_modules near.

import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, memoryStorage, type IChatClient } from '@ichat/sdk';
import { whenListening } from '@ichat/test-kit';
import BetterSqlite3 from 'better-sqlite3';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SERVER_DIR = fileURLToPath(new URL('../../', import.meta.url));
const BINARY = join(SERVER_DIR, 'dist-binary', `ichat-server-${process.platform}-${process.arch}`);
const EXAMPLE = join(SERVER_DIR, '..', '..', 'examples', 'self-hosted');
const SYSTEMD_ANALYZE = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((path) => existsSync(path));
const VERSION = (JSON.parse(readFileSync(join(SERVER_DIR, 'package.json'), 'utf8')) as { version: string }).version;

const scratch = mkdtempSync(join(tmpdir(), 'ichat-binary-test-'));
/** A PATH with nothing on it: the binary must need no node and no other program. */
const EMPTY_PATH = join(scratch, 'bin');

/** A fresh empty folder under the scratch folder. */
function freshDir(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Only PATH and HOME (where the runtime cache goes), so nothing leaks in from the environment the tests run in. */
function binaryEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: EMPTY_PATH, HOME: home, ...extra };
}

interface BinaryResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the binary once to its end (killed after 20 s) and collects its output. */
function runBinary(args: readonly string[], cwd: string, env: Record<string, string>): Promise<BinaryResult> {
  const child = spawn(BINARY, args, { cwd, env });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Whether the binary is missing or older than a source it is built from. Sources, not the built dist folders, which
 * every `pnpm build` writes again; CI builds the binary after `pnpm build` and before the tests.
 */
function binaryIsStale(): boolean {
  if (!existsSync(BINARY)) return true;
  const built = statSync(BINARY).mtimeMs;
  const packages = join(SERVER_DIR, '..');
  const sources = ['server/src', 'server/scripts', 'server/package.json', 'protocol/src', 'widget/src'].map((path) => join(packages, path));
  return sources.some((source) => {
    const files = statSync(source).isDirectory()
      ? readdirSync(source, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
      : [source];
    return files.some((file) => statSync(file).mtimeMs > built);
  });
}

beforeAll(() => {
  mkdirSync(EMPTY_PATH);
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, 'node'))) expect(dir).not.toBe(EMPTY_PATH);
  }
  if (binaryIsStale()) {
    execFileSync(process.execPath, [join(SERVER_DIR, 'scripts', 'build-binary.mjs')], { cwd: SERVER_DIR, stdio: 'inherit' });
  }
}, 300_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the ichat-server binary', () => {
  it('prints its version with --version', async () => {
    const result = await runBinary(['--version'], freshDir('version'), binaryEnv(freshDir('version-home')));
    expect(result).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('accepts the subcommands and flags of ichat-server, refusing a bad one with the same message', async () => {
    const home = freshDir('cli-home');
    const help = await runBinary(['--help'], freshDir('cli'), binaryEnv(home));
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/ichat-server backup <file>/);
    const wrong = await runBinary(['frobnicate'], freshDir('cli'), binaryEnv(home));
    expect(wrong).toMatchObject({ code: 2, stderr: 'ichat-server: Unknown command "frobnicate". See ichat-server --help\n' });
  });

  describe('serving from an empty folder, with settings from a flag, the environment and .env', () => {
    const home = freshDir('serve-home');
    const folder = freshDir('serve');
    // Each source sets something the test can see: the database's place (.env), a free port (the environment), and
    // a secret, so no secret.key is written beside the database (a flag).
    const database = join(folder, 'chat', 'ichat.db');
    writeFileSync(join(folder, '.env'), 'HOST=127.0.0.1\nDATABASE_URL=./chat/ichat.db\n');
    let server: ChildProcessWithoutNullStreams;
    let exited: Promise<number | null>;
    let url: string;
    let stdout = '';
    let stderr = '';
    const clients: IChatClient[] = [];

    beforeAll(async () => {
      const started = performance.now();
      const secret = 'a test secret that is long enough to be accepted';
      server = spawn(BINARY, ['--secret', secret], { cwd: folder, env: binaryEnv(home, { PORT: '0' }) });
      exited = new Promise((resolve) => server.once('exit', (code) => resolve(code)));
      server.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      url = await whenListening(server.stdout, exited, 20_000, () => `${stdout}${stderr}`);
      process.stdout.write(`binary listening after ${Math.round(performance.now() - started)} ms (cold cache)\n`);
    });

    afterAll(() => {
      for (const client of clients) client.close();
      if (server.exitCode === null) server.kill('SIGKILL');
    });

    it('takes its settings from flags, the environment and .env', () => {
      expect(new URL(url).port).not.toBe('5000');
      expect(existsSync(database)).toBe(true);
      expect(readdirSync(join(folder, 'chat'))).not.toContain('secret.key');
    });

    it('answers /healthz', async () => {
      const response = await fetch(`${url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', version: VERSION, database: 'ok' });
    });

    it('serves /widget.js as built', async () => {
      const response = await fetch(`${url}/widget.js`, { headers: { 'accept-encoding': 'identity' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(await response.text()).toBe(readFileSync(join(SERVER_DIR, '..', 'widget', 'dist', 'widget.js'), 'utf8'));
    });

    it('lets two SDK clients register and exchange a message', async () => {
      const connect = (): IChatClient => {
        const client = createClient({ url, WebSocket, storage: memoryStorage() });
        clients.push(client);
        return client;
      };
      const ada = connect();
      const grace = connect();
      await ada.register({ email: 'ada@example.com', username: 'ada', password: 'correct horse battery' });
      await grace.register({ email: 'grace@example.com', username: 'grace', password: 'correct horse battery' });
      await Promise.all([ada.whenSynced(), grace.whenSynced()]);
      const chat = await ada.openDirect('grace');
      const arrived = new Promise((resolve) => grace.on('message', (message) => resolve(message)));
      const sent = await ada.send(chat.roomId, 'Hello from a binary');
      expect(await arrived).toEqual(sent);
    });

    it('backs the running database up with `ichat-server backup`', async () => {
      const copy = join(folder, 'backup.db');
      // The database comes from .env, as it does for the running server.
      const result = await runBinary(['backup', copy], folder, binaryEnv(home));
      expect(result).toEqual({ code: 0, stdout: expect.stringMatching(new RegExp(`^Backed up the database to ${copy}\\nBacked up \\d+ new attachment files to `)), stderr: '' });
      const db = new BetterSqlite3(copy, { readonly: true });
      try {
        expect(db.prepare('SELECT text FROM messages').pluck().all()).toEqual(['Hello from a binary']);
      } finally {
        db.close();
      }
    });

    it('shuts down cleanly on SIGTERM', async () => {
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toContain('SIGTERM: finishing pending messages and closing connections');
      expect(stdout).toContain('iChat server stopped');
      // The last connection's close checkpoints the log into the database and removes it.
      expect(existsSync(`${database}-wal`)).toBe(false);
    });
  });

  describe('its runtime folder', () => {
    it('is private and named for the version and build, under the cache folder', async () => {
      const home = freshDir('cache-home');
      await runBinary(['--version'], freshDir('cache'), binaryEnv(home));
      const [name, ...others] = readdirSync(join(home, '.cache', 'ichat'));
      expect(others).toEqual([]);
      expect(name).toMatch(new RegExp(`^${VERSION.replaceAll('.', '\\.')}-[0-9a-f]{16}$`));
      expect(statSync(join(home, '.cache', 'ichat', name ?? '')).mode & 0o777).toBe(0o700);
    });

    it('puts back a file changed since it was unpacked, before loading it', async () => {
      const home = freshDir('tamper-home');
      await runBinary(['--version'], freshDir('tamper'), binaryEnv(home));
      const [name] = readdirSync(join(home, '.cache', 'ichat'));
      const bundle = join(home, '.cache', 'ichat', name ?? '', 'server.cjs');
      const original = readFileSync(bundle, 'utf8');
      writeFileSync(bundle, `${original}\nprocess.stdout.write('tampered\\n');\n`);
      const result = await runBinary(['--version'], freshDir('tamper'), binaryEnv(home));
      expect(result.stdout).toBe(`${VERSION}\n`);
      expect(readFileSync(bundle, 'utf8')).toBe(original);
    });

    it('is unpacked safely by two processes starting at once', async () => {
      const home = freshDir('race-home');
      const results = await Promise.all([1, 2, 3].map((n) => runBinary(['--version'], freshDir(`race-${n}`), binaryEnv(home))));
      for (const result of results) expect(result).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    });

    it('falls back to a private temporary folder, removed at exit, when the cache folder is not usable', async () => {
      const home = freshDir('shared-home');
      // A cache folder others may write to could have an addon swapped between its check and its loading.
      mkdirSync(join(home, '.cache', 'ichat'), { recursive: true });
      chmodSync(join(home, '.cache', 'ichat'), 0o777);
      const temp = freshDir('fallback-tmp');
      const result = await runBinary(['--version'], freshDir('fallback'), binaryEnv(home, { TMPDIR: temp }));
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${VERSION}\n`);
      expect(result.stderr).toMatch(/^ichat-server: no usable cache folder \(.*writable by others.*\); using .* for this run\n$/);
      expect(readdirSync(temp)).toEqual([]);
      expect(readdirSync(join(home, '.cache', 'ichat'))).toEqual([]);
    });
  });

  // systemd-analyze loads the unit with its drop-in as systemd would, without a running systemd; it refuses a second
  // ExecStart= that is not cleared first, and an ExecStart= that names no executable file.
  it.skipIf(!SYSTEMD_ANALYZE)('runs from examples/self-hosted/ichat.service with its binary.conf drop-in', () => {
    const units = freshDir('units');
    mkdirSync(join(units, 'ichat.service.d'));
    writeFileSync(join(units, 'ichat.service'), readFileSync(join(EXAMPLE, 'ichat.service')));
    const dropIn = readFileSync(join(EXAMPLE, 'binary.conf'), 'utf8');
    expect(dropIn).toMatch(/^ExecStart=\/usr\/local\/bin\/ichat-server$/m);
    // The binary is not installed here: point the drop-in at the built one.
    writeFileSync(join(units, 'ichat.service.d', 'binary.conf'), dropIn.replaceAll('/usr/local/bin/ichat-server', BINARY));
    const verified = spawnSync(SYSTEMD_ANALYZE ?? '', ['verify', join(units, 'ichat.service')], {
      env: { PATH: process.env['PATH'] ?? '', SYSTEMD_UNIT_PATH: `${units}:` },
      encoding: 'utf8',
    });
    expect(verified.stderr.split('\n').filter((line) => line.includes('ichat.service'))).toEqual([]);
  });
});

