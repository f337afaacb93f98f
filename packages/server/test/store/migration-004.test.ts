// Migration 004 rebuilds the messages table (a system message has no sender): an existing database keeps every
// message with its id, seq and idempotency key, and its indexes still refuse a second message per seq.

import { join } from 'node:path';
import { rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeTempDir } from '../support/test-server.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database migrated up to 003, with two users, a room and two messages, as a server before 004 left it. */
async function databaseBefore004(): Promise<string> {
  const dir = makeTempDir();
  dirs.push(dir);
  const path = join(dir, 'ichat.db');
  const { db, raw } = openDatabase(path);
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('003-profiles');
  expect(error).toBeUndefined();
  raw.exec(`
    insert into users (id, email, username, password_hash, created_at) values (1, 'a@x.test', 'ada', '', 1), (2, 'b@x.test', 'bob', '', 1);
    insert into rooms (id, kind, owner_id, created_at, last_seq, last_activity_at, direct_key) values (7, 'direct', 1, 1, 2, 3, '1:2');
    insert into memberships (room_id, user_id, joined_at) values (7, 1, 1), (7, 2, 1);
    insert into messages (id, room_id, seq, sender_id, text, client_msg_id, created_at) values
      (40, 7, 1, 1, 'hello', 'c-1', 2), (41, 7, 2, 2, 'hi', 'c-2', 3);
  `);
  await db.destroy();
  return path;
}

describe('migration 004-server-api', () => {
  it('keeps every message of an existing database, and the store reads them as user messages', async () => {
    const path = await databaseBefore004();
    const store = new SqliteStore(path);
    await store.migrate();
    try {
      const page = await store.messages.history(7, { limit: 10 });
      expect(page.messages.map((m) => [m.id, m.seq, m.kind, m.senderId, m.text, m.clientMsgId])).toEqual([
        [40, 1, 'user', 1, 'hello', 'c-1'],
        [41, 2, 'user', 2, 'hi', 'c-2'],
      ]);
      const [next] = await store.messages.append([{ roomId: 7, senderId: null, clientMsgId: 'c-1', text: 'Welcome', createdAt: 4 }]);
      expect(next?.message).toMatchObject({ id: 42, seq: 3, kind: 'system' });
    } finally {
      await store.close();
    }
    const raw = new BetterSqlite3(path, { readonly: true });
    try {
      const indexes = raw.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'messages' order by name").all();
      expect(indexes).toEqual([
        { name: 'messages_created_at' },
        // Migration 10's, for the changes since a change seq.
        { name: 'messages_room_change' },
        { name: 'messages_room_seq' },
        { name: 'messages_sender_client_id' },
        { name: 'messages_system_client_id' },
      ]);
    } finally {
      raw.close();
    }
  });
});
