// Attachments over PostgreSQL, on the statements both dialects share; the message append takes uploads itself.

import { IChatError, type Attachment } from '@ichat/protocol';
import type { AttachmentRecord, AttachmentStore, NewAttachment } from '../contract/attachment-store.js';
import {
  attachmentById,
  attachmentsReadableBy,
  attachmentsByMessage,
  attachmentsOfMessages,
  attachmentsUsingKeys,
  attachmentUsingKey,
  deleteAttachments,
  insertAttachment,
  keysOf,
  unsentBefore,
  unusedKeys,
} from '../queries/attachment-queries.js';
import { toAttachmentRecord } from '../sqlite/attachment-store.js';
import type { PostgresConnection } from './connection.js';
import type { Db } from './message-columns.js';

export class PostgresAttachmentStore implements AttachmentStore {
  readonly #c: PostgresConnection;

  constructor(connection: PostgresConnection) {
    this.#c = connection;
  }

  async create(attachment: NewAttachment): Promise<AttachmentRecord> {
    const row = await this.#c.write((db) => insertAttachment(db, attachment).executeTakeFirst());
    if (row === undefined) throw new IChatError('internal', 'Attachment was not stored');
    return toAttachmentRecord(row);
  }

  async find(id: number): Promise<AttachmentRecord | undefined> {
    const row = await this.#c.read((db) => attachmentById(db, id).executeTakeFirst());
    return row === undefined ? undefined : toAttachmentRecord(row);
  }

  async readableBy(id: number, userId: number): Promise<AttachmentRecord | undefined> {
    const row = await this.#c.read((db) => attachmentsReadableBy(db, [id], userId).executeTakeFirst());
    return row === undefined ? undefined : toAttachmentRecord(row);
  }

  async readableAmong(ids: readonly number[], userId: number): Promise<AttachmentRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.#c.read((db) => attachmentsReadableBy(db, ids, userId).execute());
    return rows.map(toAttachmentRecord);
  }

  /**
   * The sweep's rows are locked as they are picked (`for update skip locked`), so an append taking one of them waits
   * for the sweep, or the sweep passes over an upload an append is taking right now: never both.
   */
  removeUnsent(before: number, limit: number): Promise<{ removed: number; unusedKeys: string[] }> {
    return this.#c.transaction(async (trx) => {
      const rows = await unsentBefore(trx, before, limit).forUpdate().skipLocked().execute();
      if (rows.length === 0) return { removed: 0, unusedKeys: [] };
      await deleteAttachments(trx, rows.map((row) => row.id)).execute();
      const stillUsed = await attachmentsUsingKeys(trx, keysOf(rows)).execute();
      return { removed: rows.length, unusedKeys: unusedKeys(rows, stillUsed) };
    });
  }

  async keyInUse(key: string): Promise<boolean> {
    return (await this.#c.read((db) => attachmentUsingKey(db, key).executeTakeFirst())) !== undefined;
  }
}

/** The attachments of these messages, by message id, in upload order, read on `db` (a transaction, or the pool). */
export async function attachmentsOf(db: Db, messageIds: readonly number[]): Promise<Map<number, Attachment[]>> {
  if (messageIds.length === 0) return new Map();
  return attachmentsByMessage(await attachmentsOfMessages(db, messageIds).execute());
}
