// Read receipts over SQLite: the sharing flag on users, the markers read from memberships.

import type { Reader } from '@ichat/protocol';
import type { ReceiptStore } from '../contract/receipt-store.js';
import type { SqliteConnection } from './connection.js';

export class SqliteReceiptStore implements ReceiptStore {
  readonly #c: SqliteConnection;

  constructor(connection: SqliteConnection) {
    this.#c = connection;
  }

  sharing(userId: number): Promise<boolean> {
    const row = this.#c.q.first(this.#c.db.selectFrom('users').select('share_receipts').where('id', '=', userId));
    return Promise.resolve(row === undefined || row.share_receipts === 1);
  }

  setSharing(userId: number, share: boolean): Promise<void> {
    return this.#c.durable(
      this.#c.q.transaction(() => {
        this.#c.q.run(this.#c.db.updateTable('users').set({ share_receipts: share ? 1 : 0 }).where('id', '=', userId));
      }),
    );
  }

  readers(roomId: number, exceptUserId: number): Promise<Reader[]> {
    const rows = this.#c.q.all(
      this.#c.db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.user_id', 'm.read_seq'])
        .where('m.room_id', '=', roomId)
        .where('m.user_id', '!=', exceptUserId)
        .where('u.share_receipts', '=', 1)
        .orderBy('m.user_id'),
    );
    return Promise.resolve(rows.map((row) => ({ userId: row.user_id, readSeq: row.read_seq })));
  }

  sharingMembers(roomId: number): Promise<number[]> {
    const rows = this.#c.q.all(
      this.#c.db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select('m.user_id')
        .where('m.room_id', '=', roomId)
        .where('u.share_receipts', '=', 1)
        .orderBy('m.user_id'),
    );
    return Promise.resolve(rows.map((row) => row.user_id));
  }
}
