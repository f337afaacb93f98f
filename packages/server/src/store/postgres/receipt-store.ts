// Read receipts over PostgreSQL: the sharing flag on users, the markers read from memberships.

import type { Reader } from '@ichat/protocol';
import type { ReceiptStore } from '../contract/receipt-store.js';
import { setSharingOf, sharingMembersOf, sharingOf, sharingReaders } from '../queries/receipt-queries.js';
import type { PostgresConnection } from './connection.js';

export class PostgresReceiptStore implements ReceiptStore {
  readonly #c: PostgresConnection;

  constructor(connection: PostgresConnection) {
    this.#c = connection;
  }

  async sharing(userId: number): Promise<boolean> {
    const row = await this.#c.read((db) => sharingOf(db, userId).executeTakeFirst());
    return row === undefined || row.share_receipts === 1;
  }

  async setSharing(userId: number, share: boolean): Promise<void> {
    await this.#c.write((db) => setSharingOf(db, userId, share).execute());
  }

  async readers(roomId: number, exceptUserId: number): Promise<Reader[]> {
    const rows = await this.#c.read((db) => sharingReaders(db, roomId, exceptUserId).execute());
    return rows.map((row) => ({ userId: row.user_id, readSeq: row.read_seq }));
  }

  async sharingMembers(roomId: number): Promise<number[]> {
    const rows = await this.#c.read((db) => sharingMembersOf(db, roomId).execute());
    return rows.map((row) => row.user_id);
  }
}
