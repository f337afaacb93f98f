// Migration 8: moderation. Blocks between users, reports with the evidence they were made on, and the log of
// administrators' actions.

import { sql, type Kysely, type Migration } from 'kysely';
import { autoId } from './dialect.js';

export const moderation: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('blocks')
      .addColumn('blocker_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('blocked_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('blocks_pair', ['blocker_id', 'blocked_id'])
      .execute();
    // Who has blocked a user: presence is filtered by it on every announcement.
    await db.schema.createIndex('blocks_blocked').on('blocks').columns(['blocked_id', 'blocker_id']).execute();

    // The reported message's text and the messages around it are copied in (as JSON of the protocol's Message), so a
    // later edit or delete leaves the evidence as it was reported.
    await db.schema
      .createTable('reports')
      .addColumn('id', ...autoId(db))
      .addColumn('reporter_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('sender_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('room_id', 'integer', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('context', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'resolved', 'dismissed')`))
      .addColumn('closed_at', 'bigint')
      .addColumn('closed_by', 'text')
      .execute();
    // One open report per reporter and message; closed ones do not count, so a message can be reported again later.
    await sql`create unique index reports_open_once on reports (reporter_id, room_id, seq) where status = 'open'`.execute(db);
    await db.schema.createIndex('reports_status').on('reports').columns(['status', 'id']).execute();

    await db.schema
      .createTable('moderation_actions')
      .addColumn('id', ...autoId(db))
      .addColumn('admin_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target_id', 'integer', (c) => c.references('users.id'))
      .addColumn('room_id', 'integer')
      .addColumn('seq', 'integer')
      .addColumn('report_id', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
