// Database trouble: a file that is not a database, a truncated one, one locked by another process, a missing or
// read-only data folder. Each must end in one clear line and exit code 2 at start, or a typed error at run time:
// never a crash loop, never a file silently replaced or damaged further.

import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { listeningUrl, registerUser, requireServerBuild, runServerCommand } from '@ichat/test-kit';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { health, scratchDir as scratch, startFaultServer, STEP_MS } from './fault-server.js';
import { LoadClient } from './load-client.js';
import { mountTmpfs, remount } from './tmpfs.js';

beforeAll(requireServerBuild);

/** A closed iChat database at `path` holding `count` messages (a few hundred KiB, so truncation cuts real pages). */
async function databaseWithMessages(path: string, count: number): Promise<void> {
  const store = new SqliteStore(path);
  await store.migrate();
  const ada = await store.users.create({ email: 'ada@example.test', username: 'ada', passwordHash: 'h', createdAt: 1 });
  const bob = await store.users.create({ email: 'bob@example.test', username: 'bob', passwordHash: 'h', createdAt: 1 });
  const { roomId } = await store.rooms.openDirect(ada.id, bob.id, 1);
  const text = 'a message of a realistic length, repeated to fill some pages '.repeat(4);
  await store.messages.append(Array.from({ length: count }, () => ({ roomId, senderId: ada.id, clientMsgId: randomUUID(), text, createdAt: 2 })));
  // Closing the last connection checkpoints the log into the file and removes it: the file alone is the database.
  await store.close();
}

/** Starts `ichat-server` on `database`, which must refuse: exit 2 and exactly one line on stderr. */
async function refusedStart(database: string, timeoutMs = STEP_MS): Promise<string> {
  const run = await runServerCommand(['--host', '127.0.0.1', '--port', '0', '--database', database], { cwd: dirname(database), timeoutMs });
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(/^ichat-server: --database \/ DATABASE_URL [^\n]+\n$/);
  expect(run.stdout.split('\n').filter((line) => listeningUrl(line) !== undefined)).toEqual([]);
  return run.stderr;
}

describe('a damaged database file', () => {
  it('refuses to start on a file of garbage bytes, naming the file, and leaves it as it was', async () => {
    const database = join(scratch(), 'ichat.db');
    const garbage = randomBytes(64 * 1024);
    writeFileSync(database, garbage);
    const stderr = await refusedStart(database);
    expect(stderr).toContain(`names ${database}, which is not a SQLite database`);
    expect(readFileSync(database).equals(garbage)).toBe(true);
    expect(existsSync(`${database}-wal`)).toBe(false);
  });

  it('refuses to start on a truncated database, saying it is damaged, and leaves it as it was', async () => {
    const database = join(scratch(), 'ichat.db');
    await databaseWithMessages(database, 2000);
    const size = statSync(database).size;
    truncateSync(database, Math.floor(size / 2 / 4096) * 4096);
    const before = readFileSync(database);
    const stderr = await refusedStart(database);
    expect(stderr).toContain(`names ${database}, which is damaged`);
    expect(stderr).toContain('restore it from a backup');
    expect(readFileSync(database).equals(before)).toBe(true);
  });
});

describe('a database locked by another process', () => {
  it('refuses to start after the lock wait, or refuses writes at run time with a retryable unavailable, then carries on', async () => {
    // Three databases at once, so the three 5-second lock waits overlap.
    const dir = scratch();
    const writeLocked = join(dir, 'write-locked.db');
    const fullyLocked = join(dir, 'fully-locked.db');
    const running = join(dir, 'running.db');
    await databaseWithMessages(writeLocked, 1);
    await databaseWithMessages(fullyLocked, 1);

    // A write transaction held open, as by a sqlite3 shell left in BEGIN EXCLUSIVE.
    const writer = new BetterSqlite3(writeLocked);
    onTestFinished(() => void writer.close());
    writer.exec('BEGIN EXCLUSIVE');
    // An exclusive-mode connection holds the whole file, so not even reads get through.
    const owner = new BetterSqlite3(fullyLocked);
    onTestFinished(() => void owner.close());
    owner.pragma('locking_mode = EXCLUSIVE');
    owner.exec('BEGIN EXCLUSIVE; COMMIT');

    const atRunTime = (async () => {
      const server = await startFaultServer({ database: running });
      onTestFinished(() => server.dispose());
      const ada = await registerUser(server.url, 'ada');
      const bob = await registerUser(server.url, 'bob');
      const client = await LoadClient.open(server.wsUrl, ada.token);
      const roomId = (await client.request('room.open_direct', { with: bob.user.username })).chat.roomId;
      const locker = new BetterSqlite3(running);
      onTestFinished(() => void locker.close());
      locker.exec('BEGIN EXCLUSIVE');
      const refused = await client.send(roomId, 'while-locked', 'not now');
      locker.exec('ROLLBACK');
      // The socket survived the wait, and the same clientMsgId is stored once the lock is gone.
      const resent = await client.send(roomId, 'while-locked', 'not now');
      const healthy = await health(server.url);
      await client.close();
      return { refused, resent, healthy };
    })();

    const [writeLockedStart, fullyLockedStart, runTime] = await Promise.all([
      refusedStart(writeLocked, 20_000),
      refusedStart(fullyLocked, 20_000),
      atRunTime,
    ]);
    expect(writeLockedStart).toContain(`names ${writeLocked}, which another process holds locked`);
    expect(fullyLockedStart).toContain(`names ${fullyLocked}, which another process holds locked`);
    expect(runTime.refused).toMatchObject({ kind: 'refused', error: { code: 'unavailable', message: expect.stringMatching(/locked by another process/) } });
    expect(runTime.resent).toMatchObject({ kind: 'acked', duplicate: false, message: { seq: 1 } });
    expect(runTime.healthy.status).toBe(200);
  }, 40_000);
});

describe('the data folder', () => {
  it('is created, with every missing parent, when it does not exist yet', async () => {
    const database = join(scratch(), 'not', 'yet', 'there', 'ichat.db');
    const server = await startFaultServer({ database });
    onTestFinished(() => server.dispose());
    expect((await health(server.url)).status).toBe(200);
    expect(await server.stop()).toBe(0);
    expect(existsSync(database)).toBe(true);
  });

  it('refuses to start on a read-only filesystem, for an existing database or a new one, writing nothing', async (context) => {
    const mounted = mountTmpfs(4 * 1024 * 1024);
    if ('skip' in mounted) return context.skip(mounted.skip);
    onTestFinished(() => {
      remount(mounted.dir, 'rw');
      mounted.unmount();
    });
    const existing = join(mounted.dir, 'ichat.db');
    await databaseWithMessages(existing, 10);
    // Read-only to root as well: chmod would not stop root, a read-only mount does.
    remount(mounted.dir, 'ro');
    const before = readdirSync(mounted.dir).sort();
    expect(await refusedStart(existing)).toContain(`names ${existing}, which this process cannot read and write`);
    expect(await refusedStart(join(mounted.dir, 'new.db'))).toContain(`is in ${mounted.dir}, which this process cannot write`);
    expect(readdirSync(mounted.dir).sort()).toEqual(before);
  });
});
