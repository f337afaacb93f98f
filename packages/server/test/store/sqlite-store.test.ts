// The SQLite store against the Store contract, each test on a new database file; then what only SQLite promises.

import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeTempDir } from '../support/test-server.js';
import { describeStoreContract } from './contract/store-contract.js';
import { addUser } from './contract/fixtures.js';

const dir = makeTempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let databases = 0;
async function makeSqliteStore(): Promise<SqliteStore> {
  databases += 1;
  const store = new SqliteStore(join(dir, `store-${databases}.db`));
  await store.migrate();
  return store;
}

describeStoreContract('SqliteStore', makeSqliteStore);

describe('SqliteStore backup', () => {
  it('writes a self-contained copy that opens as a store with the same data', async () => {
    const store = await makeSqliteStore();
    onTestFinished(() => store.close());
    const ada = await addUser(store, 'ada');
    const file = join(dir, 'backup.db');
    await store.backup(file);
    expect(existsSync(`${file}.partial`)).toBe(false);
    const copy = new SqliteStore(file);
    onTestFinished(() => copy.close());
    expect(await copy.users.findById(ada.id)).toEqual(ada);
  });
});

describe('SqliteStore block check on the message path', () => {
  it('refuses in a direct room from the first message after a block, also one stored by another connection', async () => {
    const store = await makeSqliteStore();
    const file = join(dir, `store-${databases}.db`);
    onTestFinished(() => store.close());
    const ada = await addUser(store, 'ada');
    const max = await addUser(store, 'max');
    const { roomId } = await store.rooms.openDirect(ada.id, max.id, 1_000);
    // The room's kind is read (and remembered) here, before any block exists.
    expect(await store.moderation.blockedInDirectRoom(roomId, ada.id)).toBe(false);
    await store.moderation.block(max.id, ada.id, 2_000);
    expect(await store.moderation.blockedInDirectRoom(roomId, ada.id)).toBe(true);
    expect(await store.moderation.blockedInDirectRoom(roomId, max.id)).toBe(true);
    await store.moderation.unblock(max.id, ada.id);
    expect(await store.moderation.blockedInDirectRoom(roomId, ada.id)).toBe(false);
    // Another process sharing the file (an admin command, a second server) blocks: no memory here may hide it.
    const other = new BetterSqlite3(file);
    onTestFinished(() => {
      other.close();
    });
    other.prepare('insert into blocks (blocker_id, blocked_id, created_at) values (?, ?, ?)').run(ada.id, max.id, 3_000);
    expect(await store.moderation.blockedInDirectRoom(roomId, max.id)).toBe(true);
  });

  it('never refuses in a group, whatever blocks stand between its members', async () => {
    const store = await makeSqliteStore();
    onTestFinished(() => store.close());
    const ada = await addUser(store, 'ada');
    const max = await addUser(store, 'max');
    const roomId = await store.rooms.createGroup(ada.id, 'team', [max.id], 1_000);
    await store.moderation.block(max.id, ada.id, 2_000);
    expect(await store.moderation.blockedInDirectRoom(roomId, ada.id)).toBe(false);
    expect(await store.moderation.blockedInDirectRoom(roomId, ada.id)).toBe(false);
    expect(await store.moderation.blockedInDirectRoom(roomId + 1, ada.id)).toBe(false);
  });
});

describe('SqliteStore change index', () => {
  it('indexes only the messages that were changed (a partial index), not each one appended', async () => {
    const store = await makeSqliteStore();
    await store.close();
    const raw = new BetterSqlite3(join(dir, `store-${databases}.db`), { readonly: true });
    onTestFinished(() => {
      raw.close();
    });
    const index = raw.prepare("select partial from pragma_index_list('messages') where name = 'messages_room_change'").get();
    expect(index).toEqual({ partial: 1 });
  });
});
