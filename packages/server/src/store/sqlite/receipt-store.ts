// Read receipts over SQLite: the sharing flag on users, the markers read from memberships.

import type { Reader } from '@ichat/protocol';
import type { ReceiptStore } from '../contract/receipt-store.js';
import { setSharingOf, sharingMembersOf, sharingOf, sharingReaders } from '../queries/receipt-queries.js';
import type { SqliteConnection } from './connection.js';

export class SqliteReceiptStore implements ReceiptStore {
  readonly #c: SqliteConnection;

  constructor(connection: SqliteConnection) {
    this.#c = connection;
  }

  sharing(userId: number): Promise<boolean> {
    const row = this.#c.q.first(sharingOf(this.#c.db, userId));
    return Promise.resolve(row === undefined || row.share_receipts === 1);
  }

  setSharing(userId: number, share: boolean): Promise<void> {
    return this.#c.durable(
      this.#c.q.transaction(() => {
        this.#c.q.run(setSharingOf(this.#c.db, userId, share));
      }),
    );
  }

  readers(roomId: number, exceptUserId: number): Promise<Reader[]> {
    const rows = this.#c.q.all(sharingReaders(this.#c.db, roomId, exceptUserId));
    return Promise.resolve(rows.map((row) => ({ userId: row.user_id, readSeq: row.read_seq })));
  }

  sharingMembers(roomId: number): Promise<number[]> {
    const rows = this.#c.q.all(sharingMembersOf(this.#c.db, roomId));
    return Promise.resolve(rows.map((row) => row.user_id));
  }
}
