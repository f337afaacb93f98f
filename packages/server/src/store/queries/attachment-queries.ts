// The attachments' statements that read the same in both dialects, built once with Kysely.

import type { Attachment } from '@ichat/protocol';
import type { Kysely, Selectable } from 'kysely';
import { toAttachment, type NewAttachment } from '../contract/attachment-store.js';
import { toAttachmentRecord } from '../sqlite/attachment-store.js';
import type { AttachmentsTable, Database } from '../sqlite/schema.js';

/** Stores an upload no message took yet, returning its row. */
export function insertAttachment(db: Kysely<Database>, attachment: NewAttachment) {
  return db
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
    .returningAll();
}

export function attachmentById(db: Kysely<Database>, id: number) {
  return db.selectFrom('attachments').selectAll().where('id', '=', id);
}

/**
 * The uploads among `ids` that `userId` may read: their own that no message took yet, or ones on a message that is
 * not deleted in a room they are a member of now. `ids` must not be empty.
 */
export function attachmentsReadableBy(db: Kysely<Database>, ids: readonly number[], userId: number) {
  return db
    .selectFrom('attachments as a')
    .leftJoin('messages as m', 'm.id', 'a.message_id')
    .selectAll('a')
    .where('a.id', 'in', ids)
    .where((eb) =>
      eb.or([
        eb.and([eb('a.message_id', 'is', null), eb('a.uploader_id', '=', userId)]),
        eb.and([
          eb('m.deleted_at', 'is', null),
          eb.exists(
            eb.selectFrom('memberships as ms').select('ms.user_id').whereRef('ms.room_id', '=', 'm.room_id').where('ms.user_id', '=', userId),
          ),
        ]),
      ]),
    );
}

/** At most `limit` uploads no message took, made before `before`, oldest first: what the sweep removes. */
export function unsentBefore(db: Kysely<Database>, before: number, limit: number) {
  return db
    .selectFrom('attachments')
    .select(['id', 'blob_key', 'thumbnail_key'])
    .where('message_id', 'is', null)
    .where('created_at', '<', before)
    .orderBy('created_at')
    .limit(limit);
}

export function deleteAttachments(db: Kysely<Database>, ids: readonly number[]) {
  return db.deleteFrom('attachments').where('id', 'in', [...ids]);
}

/** The uploads that name any of these storage keys, as their file or their thumbnail. */
export function attachmentsUsingKeys(db: Kysely<Database>, keys: readonly string[]) {
  return db
    .selectFrom('attachments')
    .select(['blob_key', 'thumbnail_key'])
    .where((eb) => eb.or([eb('blob_key', 'in', [...keys]), eb('thumbnail_key', 'in', [...keys])]));
}

/** One upload that names the key, if any does. */
export function attachmentUsingKey(db: Kysely<Database>, key: string) {
  return db
    .selectFrom('attachments')
    .select('id')
    .where((eb) => eb.or([eb('blob_key', '=', key), eb('thumbnail_key', '=', key)]))
    .limit(1);
}

/** The uploads of these messages, in upload order. */
export function attachmentsOfMessages(db: Kysely<Database>, messageIds: readonly number[]) {
  return db.selectFrom('attachments').selectAll().where('message_id', 'in', [...messageIds]).orderBy('id');
}

/**
 * The storage keys of the removed rows that no remaining row names: `removed` are the rows the sweep deleted,
 * `stillUsed` what {@link attachmentsUsingKeys} found for their keys afterwards.
 */
export function unusedKeys(
  removed: readonly { blob_key: string; thumbnail_key: string | null }[],
  stillUsed: readonly { blob_key: string; thumbnail_key: string | null }[],
): string[] {
  const keys = new Set(keysOf(removed));
  for (const row of stillUsed) {
    keys.delete(row.blob_key);
    if (row.thumbnail_key !== null) keys.delete(row.thumbnail_key);
  }
  return [...keys];
}

/** The rows' keys, for {@link attachmentsUsingKeys}. */
export function keysOf(rows: readonly { blob_key: string; thumbnail_key: string | null }[]): string[] {
  return [...new Set(rows.flatMap((row) => (row.thumbnail_key === null ? [row.blob_key] : [row.blob_key, row.thumbnail_key])))];
}

/** The rows of {@link attachmentsOfMessages}, as messages carry them, by message id. */
export function attachmentsByMessage(rows: readonly Selectable<AttachmentsTable>[]): Map<number, Attachment[]> {
  const byMessage = new Map<number, Attachment[]>();
  for (const row of rows) {
    if (row.message_id === null) continue;
    const list = byMessage.get(row.message_id) ?? [];
    list.push(toAttachment(toAttachmentRecord(row)));
    byMessage.set(row.message_id, list);
  }
  return byMessage;
}

/** The messages, each with its attachments if it has any (a tombstone shows none). */
export function withAttachments<M extends { id: number; deleted: boolean }>(messages: M[], byMessage: Map<number, Attachment[]>): M[] {
  if (byMessage.size === 0) return messages;
  return messages.map((message) => {
    const attachments = message.deleted ? undefined : byMessage.get(message.id);
    return attachments === undefined ? message : { ...message, attachments };
  });
}
