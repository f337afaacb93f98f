// SQLite's search index is filled behind the commit (migration 015): appends leave it alone, the background indexer
// takes new messages in slices, a search catches up first, and a database indexed by the old triggers keeps working.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { searchTermsOf } from '@ichat/protocol';
import BetterSqlite3 from 'better-sqlite3';
import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueuedMessage } from '../../src/store/contract/store.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeTempDir } from '../support/test-server.js';
import { eventually } from '../support/wait.js';
import { addUser, send } from './contract/fixtures.js';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function databasePath(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return join(dir, 'ichat.db');
}

async function open(path: string, background = false): Promise<SqliteStore> {
  const store = new SqliteStore(path, background ? { backgroundSearchIndex: { onError: (message) => expect.fail(message) } } : {});
  stores.push(store);
  await store.migrate();
  return store;
}

/** What the index has taken in, read over a connection of its own, as another process would. */
function progress(path: string): { indexedThrough: number; lastId: number; indexed: number } {
  const raw = new BetterSqlite3(path, { readonly: true });
  try {
    const { indexed_through: indexedThrough } = raw.prepare('select indexed_through from search_progress').get() as { indexed_through: number };
    const { last: lastId } = raw.prepare('select coalesce(max(id), 0) as last from messages').get() as { last: number };
    const { n: indexed } = raw.prepare("select count(*) as n from messages_fts where messages_fts match 'text : word'").get() as { n: number };
    return { indexedThrough, lastId, indexed };
  } finally {
    raw.close();
  }
}

let counter = 0;
function messages(roomId: number, senderId: number, count: number, text = 'a word to find'): QueuedMessage[] {
  return Array.from({ length: count }, () => {
    counter += 1;
    return { roomId, senderId, clientMsgId: `c-${counter}`, text: `${text} ${counter}`, createdAt: 1_000 + counter };
  });
}

async function room(store: SqliteStore): Promise<{ roomId: number; ada: number }> {
  const ada = (await addUser(store, 'ada')).id;
  return { ada, roomId: await store.rooms.createGroup(ada, 'Room', [], 10) };
}

async function found(store: SqliteStore, roomId: number, text: string): Promise<string[]> {
  const hits = await store.search.recentMatches({ terms: searchTermsOf(text), roomIds: [roomId], limit: 2_000 });
  return hits.map((message) => message.text);
}

describe('search indexing behind the commit (SQLite)', () => {
  it('stores messages without indexing them, and a search takes them in before it matches', async () => {
    const path = databasePath();
    const store = await open(path);
    const { ada, roomId } = await room(store);
    await send(store, messages(roomId, ada, 3));
    expect(progress(path)).toMatchObject({ indexedThrough: 0, indexed: 0 });
    expect(await found(store, roomId, 'word')).toHaveLength(3);
    const after = progress(path);
    expect(after).toMatchObject({ indexedThrough: after.lastId, indexed: 3 });
  });

  it('indexes in the background, a backlog larger than one slice included, without any search', async () => {
    const path = databasePath();
    const store = await open(path, true);
    const { ada, roomId } = await room(store);
    await send(store, messages(roomId, ada, 1_200));
    await eventually(() => Promise.resolve(progress(path).indexed === 1_200 || undefined), 'the backlog indexed');
    const { indexedThrough, lastId } = progress(path);
    expect(indexedThrough).toBe(lastId);
  });

  it('indexes a message edited or deleted before its turn as it reads by then', async () => {
    const path = databasePath();
    const store = await open(path);
    const { ada, roomId } = await room(store);
    const [edited, deleted] = await send(store, [...messages(roomId, ada, 1, 'harbour'), ...messages(roomId, ada, 1, 'harbour map')]);
    await store.messages.edit(roomId, edited?.seq ?? 0, 'station', 3_000);
    await store.messages.delete(roomId, deleted?.seq ?? 0, 3_001);
    expect(await found(store, roomId, 'harbour')).toEqual([]);
    expect(await found(store, roomId, 'station')).toEqual(['station']);
    // Indexed once, as it read then: a later edit leaves none of its earlier words behind.
    await store.messages.edit(roomId, edited?.seq ?? 0, 'airport', 3_002);
    expect(await found(store, roomId, 'station')).toEqual([]);
    expect(await found(store, roomId, 'airport')).toEqual(['airport']);
  });

  it('never waits for another process holding the write lock: a search answers at once from the index as it is', async () => {
    const path = databasePath();
    const store = await open(path);
    const { ada, roomId } = await room(store);
    await send(store, messages(roomId, ada, 2));
    expect(await found(store, roomId, 'word')).toHaveLength(2);
    await send(store, messages(roomId, ada, 1));
    const other = new BetterSqlite3(path);
    try {
      other.exec('begin immediate');
      const started = performance.now();
      // Not the 5 s busy timeout of a write: the message stored just before the lock waits for the next catch-up.
      expect(await found(store, roomId, 'word')).toHaveLength(2);
      expect(performance.now() - started).toBeLessThan(1_000);
      other.exec('rollback');
    } finally {
      other.close();
    }
    expect(await found(store, roomId, 'word')).toHaveLength(3);
  });

  it('keeps a database that the insert trigger indexed: its messages are found, edited and deleted as before', async () => {
    const path = databasePath();
    const { db } = openDatabase(path);
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('014-change-index');
    expect(error).toBeUndefined();
    await db.destroy();
    // Stored by a server before migration 015: its insert trigger indexed each message in the commit.
    const before = new SqliteStore(path);
    const { ada, roomId } = await room(before);
    const [old, gone] = await send(before, [...messages(roomId, ada, 1, 'ferry timetable'), ...messages(roomId, ada, 1, 'ferry tickets')]);
    await before.close();

    const store = await open(path);
    expect(progress(path).indexedThrough).toBe(gone?.id);
    await send(store, messages(roomId, ada, 1, 'ferry delayed'));
    expect((await found(store, roomId, 'ferry')).length).toBe(3);
    await store.messages.edit(roomId, old?.seq ?? 0, 'bus timetable', 3_000);
    await store.messages.delete(roomId, gone?.seq ?? 0, 3_001);
    expect(await found(store, roomId, 'ferry')).toEqual([expect.stringMatching(/^ferry delayed/)]);
    expect(await found(store, roomId, 'bus')).toEqual(['bus timetable']);
  });
});
