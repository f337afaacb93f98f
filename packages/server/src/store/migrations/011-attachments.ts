// Migration 11: attachments. One row per upload; its bytes live in the attachment storage under their SHA-256, so a
// row names its file (and its thumbnail's) by that key. An upload no message took yet has no message_id.

import type { Kysely, Migration } from 'kysely';
import { autoId } from './dialect.js';

export const attachments: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('attachments')
      .addColumn('id', ...autoId(db))
      .addColumn('uploader_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('message_id', 'integer', (c) => c.references('messages.id').onDelete('cascade'))
      .addColumn('blob_key', 'text', (c) => c.notNull())
      .addColumn('thumbnail_key', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // A message's files, read with every page of history.
    await db.schema.createIndex('attachments_message').on('attachments').columns(['message_id', 'id']).execute();
    // The sweep of uploads no message took: those rows by age.
    await db.schema.createIndex('attachments_unsent').on('attachments').columns(['message_id', 'created_at']).execute();
    // Whether a file is still named by any row, before it is removed from storage.
    await db.schema.createIndex('attachments_blob').on('attachments').column('blob_key').execute();
    await db.schema.createIndex('attachments_thumbnail').on('attachments').column('thumbnail_key').execute();
  },
};
