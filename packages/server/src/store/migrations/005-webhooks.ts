// Migration 5: webhook endpoints, and the outbox of deliveries written in the same transaction as each change.

import { sql, type Kysely, type Migration } from 'kysely';
import { autoId } from './dialect.js';

export const webhooks: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('id', ...autoId(db))
      .addColumn('url', 'text', (c) => c.notNull().unique())
      // Kept as written, not hashed: every delivery is signed with it (HMAC needs the key itself).
      .addColumn('secret', 'text', (c) => c.notNull())
      // The event types it receives, comma-separated.
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    // One row per event and endpoint: the body is signed per endpoint anyway, and a row per pair lets each endpoint
    // keep its own attempts, backoff and order.
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', ...autoId(db))
      .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
      .addColumn('webhook_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      // The room the event belongs to, null for user events: deliveries of one room go out one at a time, in order.
      .addColumn('room_id', 'integer')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'delivered', 'failed')`))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('last_status', 'integer')
      .addColumn('last_latency_ms', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('finished_at', 'bigint')
      .execute();
    // Partial indexes over pending rows only, so the worker's reads stay small however many delivered rows remain
    // until they are pruned: what is due, and whether an earlier delivery of the same room is still pending.
    await sql`create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending'`.execute(db);
    await sql`create index webhook_deliveries_room on webhook_deliveries (endpoint_id, room_id, id) where status = 'pending'`.execute(db);
    // Pruning: only finished rows have a finished_at. (Not on status, or the planner would read every pending row
    // through it for the due read instead of the due index's range.)
    await db.schema.createIndex('webhook_deliveries_finished').on('webhook_deliveries').column('finished_at').execute();
    // The admin page's counts per endpoint.
    await db.schema.createIndex('webhook_deliveries_endpoint').on('webhook_deliveries').columns(['endpoint_id', 'status']).execute();
  },
};
