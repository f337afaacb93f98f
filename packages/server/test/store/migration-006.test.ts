// Migration 006 adds the mute switch to memberships: an existing database keeps every member, all of them unmuted.

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

/** A database migrated up to 005, with two users in a direct room, as a server before 006 left it. */
async function databaseBefore006(): Promise<string> {
  const dir = makeTempDir();
  dirs.push(dir);
  const path = join(dir, 'ichat.db');
  const { db, raw } = openDatabase(path);
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('005-webhooks');
  expect(error).toBeUndefined();
  raw.exec(`
    insert into users (id, email, username, password_hash, created_at) values (1, 'a@x.test', 'ada', '', 1), (2, 'b@x.test', 'bob', '', 1);
    insert into rooms (id, kind, owner_id, created_at, last_seq, last_activity_at, direct_key) values (7, 'direct', 1, 1, 0, 3, '1:2');
    insert into memberships (room_id, user_id, joined_at, read_seq) values (7, 1, 1, 0), (7, 2, 1, 0);
  `);
  await db.destroy();
  return path;
}

describe('migration 006-room-mute', () => {
  it('keeps every membership of an existing database, unmuted, and then mutes per member', async () => {
    const path = await databaseBefore006();
    const store = new SqliteStore(path);
    await store.migrate();
    try {
      expect((await store.chats.list(1)).map((chat) => [chat.roomId, chat.muted])).toEqual([[7, false]]);
      expect(await store.rooms.setMuted(7, 2, true)).toBe(true);
      expect([await store.rooms.isMuted(7, 1), await store.rooms.isMuted(7, 2)]).toEqual([false, true]);
    } finally {
      await store.close();
    }
    const raw = new BetterSqlite3(path);
    try {
      // The column refuses anything but 0 and 1, whoever writes to the file.
      expect(() => raw.prepare('update memberships set muted = 2 where user_id = 1').run()).toThrow(/CHECK constraint/);
    } finally {
      raw.close();
    }
  });
});
