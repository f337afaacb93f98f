// Migration 12: replies and reactions. A reply names the message it answers by seq in the same room (read with the
// reply, so the quote follows the original's edits and deletion); a reaction is one row per user, message and emoji.

import type { Kysely, Migration } from 'kysely';

export const repliesReactions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('messages').addColumn('reply_to_seq', 'integer').execute();
    // The key makes "one of each per user per message" the database's rule; it also serves the counts by emoji.
    await db.schema
      .createTable('reactions')
      .addColumn('message_id', 'integer', (c) => c.notNull().references('messages.id').onDelete('cascade'))
      .addColumn('emoji', 'text', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('reactions_pkey', ['message_id', 'emoji', 'user_id'])
      .execute();
    // Who reacted, earliest first: the summary's first users and `reaction.list`.
    await db.schema.createIndex('reactions_order').on('reactions').columns(['message_id', 'emoji', 'created_at']).execute();
  },
};
