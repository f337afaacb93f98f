// Migration 1: accounts, tokens, rooms, memberships and messages, with the indexes every hot query uses.

import { sql, type Kysely, type Migration } from 'kysely';
import { autoId, dialectOf } from './dialect.js';

export const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('users')
      .addColumn('id', ...autoId(db))
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // Registration statistics bucket by creation time.
    await db.schema.createIndex('users_created_at').on('users').column('created_at').execute();

    await db.schema
      .createTable('tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tokens_user_id').on('tokens').column('user_id').execute();

    await db.schema
      .createTable('rooms')
      .addColumn('id', ...autoId(db))
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('direct', 'group')`))
      .addColumn('name', 'text')
      .addColumn('direct_key', 'text', (c) => c.unique())
      .addColumn('owner_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('memberships')
      .addColumn('room_id', 'integer', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('joined_at', 'bigint', (c) => c.notNull())
      .addColumn('read_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('memberships_pk', ['room_id', 'user_id'])
      .execute();
    // The chat list starts from the user's memberships.
    await db.schema.createIndex('memberships_user_id').on('memberships').columns(['user_id', 'room_id']).execute();

    await db.schema
      .createTable('messages')
      .addColumn('id', ...autoId(db))
      .addColumn('room_id', 'integer', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('sender_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('client_msg_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('edited_at', 'bigint')
      .addColumn('deleted_at', 'bigint')
      .execute();
    // History pages and unread counts are range scans on (room_id, seq). On PostgreSQL the index also carries what
    // an unread count filters on, so counting reads the index only (once vacuum has marked the pages all-visible).
    if (dialectOf(db) === 'postgres') {
      await sql`create unique index messages_room_seq on messages (room_id, seq) include (sender_id, deleted_at)`.execute(db);
    } else {
      await db.schema.createIndex('messages_room_seq').unique().on('messages').columns(['room_id', 'seq']).execute();
    }
    // Idempotent sends: one stored message per (sender, client message id).
    await db.schema
      .createIndex('messages_sender_client_id')
      .unique()
      .on('messages')
      .columns(['sender_id', 'client_msg_id'])
      .execute();
    // Message statistics bucket by creation time.
    await db.schema.createIndex('messages_created_at').on('messages').column('created_at').execute();
  },
};
