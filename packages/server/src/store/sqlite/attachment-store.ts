// Attachments over SQLite, with Kysely builders throughout (none of it is on the per-message hot path but `ofMessages`).

import { IChatError, isAttachmentType, type Attachment } from '@ichat/protocol';
import type { Selectable } from 'kysely';
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
import type { SqliteConnection } from './connection.js';
import type { AttachmentsTable } from './schema.js';

export function toAttachmentRecord(row: Selectable<AttachmentsTable>): AttachmentRecord {
  // Only the upload route writes rows, with a type it recognised; another type here means the database was edited.
  if (!isAttachmentType(row.type)) throw new IChatError('internal', `Attachment ${row.id} has an unknown type`);
  return {
    id: row.id,
    uploaderId: row.uploader_id,
    messageId: row.message_id,
    blobKey: row.blob_key,
    thumbnailKey: row.thumbnail_key,
    name: row.name,
    type: row.type,
    size: row.size,
    width: row.width,
    height: row.height,
    createdAt: row.created_at,
  };
}

export class SqliteAttachmentStore implements AttachmentStore {
  readonly #c: SqliteConnection;

  constructor(connection: SqliteConnection) {
    this.#c = connection;
  }

  create(attachment: NewAttachment): Promise<AttachmentRecord> {
    const row = this.#c.q.first(insertAttachment(this.#c.db, attachment));
    if (row === undefined) throw new IChatError('internal', 'Attachment was not stored');
    return this.#c.durable(toAttachmentRecord(row));
  }

  find(id: number): Promise<AttachmentRecord | undefined> {
    const row = this.#c.q.first(attachmentById(this.#c.db, id));
    return Promise.resolve(row === undefined ? undefined : toAttachmentRecord(row));
  }

  readableBy(id: number, userId: number): Promise<AttachmentRecord | undefined> {
    const row = this.#c.q.first(attachmentsReadableBy(this.#c.db, [id], userId));
    return Promise.resolve(row === undefined ? undefined : toAttachmentRecord(row));
  }

  readableAmong(ids: readonly number[], userId: number): Promise<AttachmentRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return Promise.resolve(this.#c.q.all(attachmentsReadableBy(this.#c.db, ids, userId)).map(toAttachmentRecord));
  }

  removeUnsent(before: number, limit: number): Promise<{ removed: number; unusedKeys: string[] }> {
    const { db, q } = this.#c;
    return this.#c.durable(
      q.transaction(() => {
        const rows = q.all(unsentBefore(db, before, limit));
        if (rows.length === 0) return { removed: 0, unusedKeys: [] };
        q.run(deleteAttachments(db, rows.map((row) => row.id)));
        const stillUsed = q.all(attachmentsUsingKeys(db, keysOf(rows)));
        return { removed: rows.length, unusedKeys: unusedKeys(rows, stillUsed) };
      }),
    );
  }

  keyInUse(key: string): Promise<boolean> {
    return Promise.resolve(this.#c.q.first(attachmentUsingKey(this.#c.db, key)) !== undefined);
  }

  /** The attachments of these messages, by message id, in upload order; for reads that return messages. */
  ofMessages(messageIds: readonly number[]): Map<number, Attachment[]> {
    if (messageIds.length === 0) return new Map();
    return attachmentsByMessage(this.#c.q.all(attachmentsOfMessages(this.#c.db, messageIds)));
  }
}
