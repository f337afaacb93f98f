// Background checkpoints: committed messages reach the database file itself without the server's connection (and so
// its event loop) doing the checkpoint.

import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeTempDir } from '../support/test-server.js';

/** Messages in the database file alone, read from a copy made without its log; undefined while a copy is torn. */
function messagesInDatabaseFile(database: string, dir: string): number | undefined {
  const copy = join(dir, 'copy.db');
  rmSync(copy, { force: true });
  copyFileSync(database, copy);
  try {
    const reader = new BetterSqlite3(copy, { readonly: true });
    try {
      const row: unknown = reader.prepare('select count(*) as n from messages').get();
      const n: unknown = typeof row === 'object' && row !== null ? Reflect.get(row, 'n') : undefined;
      return typeof n === 'number' ? n : undefined;
    } finally {
      reader.close();
    }
  } catch {
    return undefined;
  }
}

describe('background checkpoints', () => {
  it('copy committed messages into the database file while the store stays open', async () => {
    const dir = makeTempDir();
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const database = join(dir, 'ichat.db');
    const store = new SqliteStore(database, { backgroundCheckpoints: { onError: (message) => expect.fail(message) } });
    onTestFinished(() => store.close());
    await store.migrate();
    const ada = await store.users.create({ email: 'ada@example.test', username: 'ada', passwordHash: 'x', createdAt: 1 });
    const bob = await store.users.create({ email: 'bob@example.test', username: 'bob', passwordHash: 'x', createdAt: 1 });
    const { roomId } = await store.rooms.openDirect(ada.id, bob.id, 1);
    for (let batch = 0; batch < 10; batch++) {
      await store.messages.append(
        Array.from({ length: 50 }, (_, i) => ({
          roomId,
          senderId: ada.id,
          clientMsgId: `m-${batch}-${i}`,
          text: `message ${batch}/${i}`,
          createdAt: 2,
        })),
      );
    }
    // The server's own connection checkpoints only past thousands of pages: these few hundred stay in the log
    // unless the background thread copies them.
    await expect.poll(() => messagesInDatabaseFile(database, dir), { timeout: 5000, interval: 100 }).toBe(500);
  });
});
