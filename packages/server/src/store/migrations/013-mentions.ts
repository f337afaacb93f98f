// Migration 13: mentions. Who each message mentions, indexed by member for the chat list's "mentioned" count, and the
// same ids on the message row, so every read that returns messages gives them without another query.

import type { Kysely, Migration } from 'kysely';

export const mentions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // One row per (message, mentioned member), written in the transaction that stores, edits or deletes the message
    // (a tombstone keeps none). `seq` copies the message's, so a member's count after their read marker is one index
    // range scan on (user_id, room_id, seq) with no join to messages.
    await db.schema
      .createTable('mentions')
      .addColumn('message_id', 'integer', (c) => c.notNull().references('messages.id').onDelete('cascade'))
      .addColumn('room_id', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('mentions_pk', ['message_id', 'user_id'])
      .execute();
    await db.schema.createIndex('mentions_user_room_seq').on('mentions').columns(['user_id', 'room_id', 'seq']).execute();
    // The mentioned ids as the wire lists them (comma-separated, in the order first named); null when none.
    await db.schema.alterTable('messages').addColumn('mention_ids', 'text').execute();
  },
};
