// Upgrades keep data: a database an earlier release wrote (the committed fixtures) opens with this release's code,
// its migrations run and everything in it is still there; a database a newer release wrote is refused with one line
// before anything touches it.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { ROUTES, parseAnswer, routePath } from '@ichat/protocol';
import { runServerCommand, ServerProcess } from '@ichat/test-kit';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '../../src/auth/api-keys.js';
import { openStore } from '../../src/preflight.js';
import { MIGRATION_NAMES } from '../../src/store/migrations/index.js';
import { readSchemaState } from '../../src/store/sqlite/schema-version.js';
import type { Store } from '../../src/store/contract/store.js';
import { http } from '../support/http.js';
import { makeTempDir } from '../support/test-server.js';
import { copyFixture, upgradeFixtures, type Manifest, type UpgradeFixture } from '../support/upgrade-fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Checks, through the store's own reads, that everything the manifest lists is there as it was written. */
async function expectEverything(store: Store, manifest: Manifest): Promise<void> {
  for (const user of manifest.users) {
    expect(await store.users.findById(user.id)).toMatchObject(user);
  }
  for (const room of manifest.rooms) {
    const { memberIds, messages, readMarkers, ...record } = room;
    expect(await store.rooms.find(room.id)).toMatchObject(record);
    expect((await store.rooms.memberIds(room.id)).sort((a, b) => a - b)).toEqual(memberIds);
    const page = await store.messages.history(room.id, { limit: messages.length + 1 });
    expect(page.hasMore).toBe(false);
    expect(page.messages).toMatchObject(messages);
    const views = await store.chats.views(room.id, memberIds);
    for (const marker of readMarkers) {
      expect(views.get(marker.userId), `user ${marker.userId} in room ${room.id}`).toMatchObject({ readSeq: marker.readSeq, unread: marker.unread });
    }
  }
  for (const { name, key } of manifest.apiKeys) {
    expect(await authenticateApiKey(store.apiKeys, key, Date.now())).toMatchObject({ name });
  }
  const endpoints = await store.webhooks.endpoints();
  expect(endpoints).toMatchObject(manifest.webhooks.endpoints);
  const { deliveries } = await store.webhooks.overview(manifest.webhooks.deliveries.length + 1);
  expect([...deliveries].sort((a, b) => a.id - b.id)).toMatchObject(manifest.webhooks.deliveries);
}

/** The name of a migration one past the newest this server knows, as a newer release would have added. */
function newerMigrationName(): string {
  const latest = MIGRATION_NAMES.at(-1) ?? '000';
  const number = Number.parseInt(latest, 10) + 1;
  return `${String(number).padStart(latest.indexOf('-'), '0')}-from-a-newer-release`;
}

const fixtures = upgradeFixtures();

describe('upgrade fixtures', () => {
  it('include one written at the current schema or an older one', () => {
    expect(fixtures.length).toBeGreaterThan(0);
    for (const fixture of fixtures) {
      expect(readSchemaState(fixture.databasePath).unknown, fixture.schema).toEqual([]);
    }
  });
});

describe.each(fixtures.map((fixture): [string, UpgradeFixture] => [fixture.schema, fixture]))('a database written at schema %s', (schema, fixture) => {
  beforeAll(() => {
    expect(readSchemaState(fixture.databasePath).applied.at(-1)).toBe(schema);
  });

  it('opens with the current code: every pending migration runs and nothing is lost', async () => {
    const path = copyFixture(fixture, tempDir());
    const before = readSchemaState(path);
    const store = await openStore(path);
    try {
      expect(readSchemaState(path)).toEqual({ applied: MIGRATION_NAMES, pending: [], unknown: [] });
      expect(before.pending).toEqual(MIGRATION_NAMES.filter((name) => !before.applied.includes(name)));
      await expectEverything(store, fixture.manifest);
    } finally {
      await store.close();
    }
  });

  it('is served by the ichat-server command started on it: its people sign in and its messages are read back', async () => {
    const dir = tempDir();
    const server = await ServerProcess.start({ dir, database: copyFixture(fixture, dir) });
    try {
      const [person] = fixture.manifest.users.filter((user) => user.host === null);
      const [room] = fixture.manifest.rooms;
      const [apiKey] = fixture.manifest.apiKeys;
      if (person === undefined || room === undefined || apiKey === undefined) throw new Error(`fixture ${schema} lacks a person, a room or a key`);
      const login = await http(server.url, ROUTES.login.path, { body: { email: person.email, password: fixture.manifest.password } });
      expect(login.status).toBe(200);
      const { token } = parseAnswer(ROUTES.login, login.body);
      const me = parseAnswer(ROUTES.me, (await http(server.url, ROUTES.me.path, { token })).body);
      expect(me.user).toMatchObject({ id: person.id, username: person.username, isAdmin: person.isAdmin });
      const path = `${routePath(ROUTES.serverMessages, { roomId: String(room.id) })}?limit=100`;
      const page = parseAnswer(ROUTES.serverMessages, (await http(server.url, path, { token: apiKey.key })).body);
      expect(page.messages).toMatchObject(room.messages);
    } finally {
      await server.dispose();
    }
  });
});

describe('a database written by a newer release', () => {
  /** A copy of the newest fixture, brought to the current schema, plus a migration this server does not know. */
  async function newerDatabase(): Promise<string> {
    const newest = fixtures.at(-1);
    if (newest === undefined) throw new Error('no upgrade fixture');
    const path = copyFixture(newest, tempDir());
    const store = await openStore(path);
    await store.backup(`${path}.copy`);
    await store.close();
    rmSync(path);
    const db = new BetterSqlite3(`${path}.copy`);
    db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run(newerMigrationName(), new Date().toISOString());
    db.close();
    return `${path}.copy`;
  }

  it('is refused at start with one line naming both schemas, and left byte for byte as it was', async () => {
    const path = await newerDatabase();
    const hash = sha256(path);
    const run = await runServerCommand(['--port', '0', '--database', path], { cwd: tempDir() });
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`which was written by a newer iChat (it has had migration ${newerMigrationName()}; this server knows up to ${MIGRATION_NAMES.at(-1)})`);
    expect(sha256(path)).toBe(hash);
    // A backup copy is in rollback-journal mode: a start that had gone on would have switched it to WAL.
    expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
  });

  it('is refused by the backup command too, before it opens it', async () => {
    const path = await newerDatabase();
    const hash = sha256(path);
    const dir = tempDir();
    const backup = await runServerCommand(['backup', `${dir}/copy.db`, '--database', path], { cwd: dir });
    expect(backup.code).toBe(2);
    expect(backup.stderr).toContain('which was written by a newer iChat');
    expect(existsSync(`${dir}/copy.db`)).toBe(false);
    expect(sha256(path)).toBe(hash);
  });
});
