// Migration 4: the server API. API keys (kept as hashes), bans, and system messages, which have no sender.

import { sql, type Kysely, type Migration } from 'kysely';
import { autoId, dialectOf } from './dialect.js';

export const serverApi: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('api_keys')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint')
      .execute();

    // Null for users who are not banned; set, every sign-in of theirs is refused with `banned`.
    await db.schema.alterTable('users').addColumn('banned_at', 'bigint').execute();

    if (dialectOf(db) === 'postgres') {
      // PostgreSQL drops a NOT NULL in place; only the system messages' own unique index is new.
      await db.schema.alterTable('messages').alterColumn('sender_id', (column) => column.dropNotNull()).execute();
      await systemClientIdIndex(db);
      return;
    }
    // A system message has no sender, and SQLite cannot drop a NOT NULL in place: the table is rebuilt, rows, ids and
    // indexes kept. Nothing references messages, so dropping the old table breaks no foreign key.
    await db.schema
      .createTable('messages_next')
      .addColumn('id', ...autoId(db))
      .addColumn('room_id', 'integer', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('sender_id', 'integer', (c) => c.references('users.id'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('client_msg_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('edited_at', 'bigint')
      .addColumn('deleted_at', 'bigint')
      .execute();
    await sql`insert into messages_next select id, room_id, seq, sender_id, text, client_msg_id, created_at, edited_at, deleted_at from messages`.execute(
      db,
    );
    await db.schema.dropTable('messages').execute();
    await db.schema.alterTable('messages_next').renameTo('messages').execute();
    await db.schema.createIndex('messages_room_seq').unique().on('messages').columns(['room_id', 'seq']).execute();
    await db.schema
      .createIndex('messages_sender_client_id')
      .unique()
      .on('messages')
      .columns(['sender_id', 'client_msg_id'])
      .execute();
    await systemClientIdIndex(db);
    await db.schema.createIndex('messages_created_at').on('messages').column('created_at').execute();
  },
};

/** The unique index on (sender, clientMsgId) never matches two nulls, so system messages get their own: one per room and clientMsgId. */
async function systemClientIdIndex(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('messages_system_client_id')
    .unique()
    .on('messages')
    .columns(['room_id', 'client_msg_id'])
    .where(sql.ref('sender_id'), 'is', null)
    .execute();
}
