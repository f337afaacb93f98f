// Attachments over SQLite, with Kysely builders throughout (none of it is on the per-message hot path but `ofMessages`).

import { IChatError, isAttachmentType, type Attachment } from '@ichat/protocol';
import type { Selectable } from 'kysely';
import { toAttachment, type AttachmentRecord, type AttachmentStore, type NewAttachment } from '../contract/attachment-store.js';
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
    const row = this.#c.q.first(
      this.#c.db
        .insertInto('attachments')
        .values({
          uploader_id: attachment.uploaderId,
          message_id: null,
          blob_key: attachment.blobKey,
          thumbnail_key: attachment.thumbnailKey,
          name: attachment.name,
          type: attachment.type,
          size: attachment.size,
          width: attachment.width,
          height: attachment.height,
          created_at: attachment.createdAt,
        })
        .returningAll(),
    );
    if (row === undefined) throw new IChatError('internal', 'Attachment was not stored');
    return this.#c.durable(toAttachmentRecord(row));
  }

  find(id: number): Promise<AttachmentRecord | undefined> {
    const row = this.#c.q.first(this.#c.db.selectFrom('attachments').selectAll().where('id', '=', id));
    return Promise.resolve(row === undefined ? undefined : toAttachmentRecord(row));
  }

  readableBy(id: number, userId: number): Promise<AttachmentRecord | undefined> {
    const { db, q } = this.#c;
    const row = q.first(
      db
        .selectFrom('attachments as a')
        .leftJoin('messages as m', 'm.id', 'a.message_id')
        .selectAll('a')
        .where('a.id', '=', id)
        .where((eb) =>
          eb.or([
            eb.and([eb('a.message_id', 'is', null), eb('a.uploader_id', '=', userId)]),
            eb.and([
              eb('m.deleted_at', 'is', null),
              eb.exists(
                eb
                  .selectFrom('memberships as ms')
                  .select('ms.user_id')
                  .whereRef('ms.room_id', '=', 'm.room_id')
                  .where('ms.user_id', '=', userId),
              ),
            ]),
          ]),
        ),
    );
    return Promise.resolve(row === undefined ? undefined : toAttachmentRecord(row));
  }

  removeUnsent(before: number, limit: number): Promise<{ removed: number; unusedKeys: string[] }> {
    const { db, q } = this.#c;
    return this.#c.durable(
      q.transaction(() => {
        const rows = q.all(
          db
            .selectFrom('attachments')
            .select(['id', 'blob_key', 'thumbnail_key'])
            .where('message_id', 'is', null)
            .where('created_at', '<', before)
            .orderBy('created_at')
            .limit(limit),
        );
        if (rows.length === 0) return { removed: 0, unusedKeys: [] };
        q.run(db.deleteFrom('attachments').where('id', 'in', rows.map((row) => row.id)));
        const keys = new Set(rows.flatMap((row) => (row.thumbnail_key === null ? [row.blob_key] : [row.blob_key, row.thumbnail_key])));
        const stillUsed = q.all(
          db
            .selectFrom('attachments')
            .select(['blob_key', 'thumbnail_key'])
            .where((eb) => eb.or([eb('blob_key', 'in', [...keys]), eb('thumbnail_key', 'in', [...keys])])),
        );
        for (const row of stillUsed) {
          keys.delete(row.blob_key);
          if (row.thumbnail_key !== null) keys.delete(row.thumbnail_key);
        }
        return { removed: rows.length, unusedKeys: [...keys] };
      }),
    );
  }

  keyInUse(key: string): Promise<boolean> {
    const row = this.#c.q.first(
      this.#c.db
        .selectFrom('attachments')
        .select('id')
        .where((eb) => eb.or([eb('blob_key', '=', key), eb('thumbnail_key', '=', key)]))
        .limit(1),
    );
    return Promise.resolve(row !== undefined);
  }

  /** The attachments of these messages, by message id, in upload order; for reads that return messages. */
  ofMessages(messageIds: readonly number[]): Map<number, Attachment[]> {
    const byMessage = new Map<number, Attachment[]>();
    if (messageIds.length === 0) return byMessage;
    const rows = this.#c.q.all(
      this.#c.db.selectFrom('attachments').selectAll().where('message_id', 'in', [...messageIds]).orderBy('id'),
    );
    for (const row of rows) {
      if (row.message_id === null) continue;
      const list = byMessage.get(row.message_id) ?? [];
      list.push(toAttachment(toAttachmentRecord(row)));
      byMessage.set(row.message_id, list);
    }
    return byMessage;
  }
}
