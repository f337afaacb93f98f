// `ichat-server --check`: the start's checks and the database's schema, reported with nothing started or changed.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireServerBuild, runServerCommand, type CommandResult } from '@ichat/test-kit';
import { Migrator } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/sqlite/database.js';
import { MIGRATION_NAMES, migrationProvider } from '../src/store/migrations/index.js';
import { makeTempDir } from './support/test-server.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
}

function check(args: string[], cwd: string): Promise<CommandResult> {
  return runServerCommand(['--check', ...args], { cwd });
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A database that has had only the first migration, as the first release left it. */
async function firstReleaseDatabase(dir: string): Promise<string> {
  const path = join(dir, 'old.db');
  const { db } = openDatabase(path);
  const first = MIGRATION_NAMES[0];
  if (first === undefined) throw new Error('no migrations');
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(first);
  await db.destroy();
  expect(error).toBeUndefined();
  return path;
}

beforeAll(requireServerBuild);

describe('ichat-server --check', () => {
  it('passes a fresh setup, says the database will be created, and creates nothing', async () => {
    const dir = tempDir();
    const run = await check([], dir);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('configuration: ok (port 5000, development)');
    expect(run.stdout).toMatch(/runtime: Node\.js v20\.\d+\.\d+ on \w+-\w+, uWebSockets\.js native/);
    expect(run.stdout).toContain(`database: ${join(dir, 'data', 'ichat.db')} is new; the first start creates it with schema ${MIGRATION_NAMES.at(-1)}`);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('ichat-server --check: ready to start');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports the migrations an older database is waiting for, and applies none of them', async () => {
    const dir = tempDir();
    const path = await firstReleaseDatabase(dir);
    const hash = sha256(path);
    const run = await check(['--database', path], dir);
    expect(run.code).toBe(0);
    const pending = MIGRATION_NAMES.slice(1);
    expect(run.stdout).toContain(
      `database: ${path} is at schema ${MIGRATION_NAMES[0]}; ${pending.length} migrations pending (${pending.join(', ')}), applied at the next start`,
    );
    expect(sha256(path)).toBe(hash);
  });

  it('exits 1 with the start\'s own line for a setting the server would refuse', async () => {
    const dir = tempDir();
    const run = await check(['--port', 'eighty'], dir);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toMatch(/^ichat-server: --port \/ PORT must be a whole number[^\n]*\n$/);
    const production = await runServerCommand(['--check'], { cwd: dir, env: { NODE_ENV: 'production' } });
    expect(production.code).toBe(1);
    expect(production.stderr).toBe('ichat-server: SECRET_KEY is required when NODE_ENV=production\n');
  });

  it('exits 1 naming the file when the database is not a SQLite database', async () => {
    const dir = tempDir();
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'these are not the tables you are looking for\n'.repeat(100));
    const run = await check(['--database', path], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`--database / DATABASE_URL names ${path}, which is not a SQLite database`);
  });

  it('names a PostgreSQL database (password hidden) and leaves reaching it to the start; refuses one without a secret', async () => {
    const dir = tempDir();
    const url = 'postgres://ichat:hunter2@db.invalid:5432/ichat';
    const run = await check(['--database', url, '--secret', 'a test secret that is long enough to sign with'], dir);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(
      'database: PostgreSQL at postgres://ichat:***@db.invalid:5432/ichat; its connection and schema are checked when the server starts',
    );
    expect(run.stdout).not.toContain('hunter2');
    const unsigned = await check(['--database', url], dir);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain('--secret / SECRET_KEY must be set when DATABASE_URL names PostgreSQL');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes no command', async () => {
    const run = await check(['backup', 'x.db'], tempDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--check takes no command');
  });
});
