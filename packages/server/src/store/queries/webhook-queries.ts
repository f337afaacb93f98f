// The webhook outbox's statements, built once with Kysely for both dialects: SQLite runs them synchronously inside
// its transactions, PostgreSQL executes them on its pool.

import type { Kysely } from 'kysely';
import type { AttemptResult, DueDelivery } from '../contract/webhook-store.js';
import type { Database } from '../sqlite/schema.js';

/** The longest error text kept per delivery: enough for a reason, not a receiver's whole error page. */
const MAX_ERROR_CHARS = 500;

/**
 * Pending deliveries due by `now`, the first of each room only (a room's deliveries go out one at a time, in order),
 * oldest due first. Those in flight are still pending: `limit` counts them in, so reading past them keeps `limit`
 * free ones in reach.
 */
export function dueDeliveries(db: Kysely<Database>, now: number, limit: number) {
  return db
    .selectFrom('webhook_deliveries as d')
    .select(['d.id', 'd.endpoint_id', 'd.webhook_id', 'd.body', 'd.room_id', 'd.created_at', 'd.attempts'])
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', now)
    .where((eb) =>
      eb.or([
        eb('d.room_id', 'is', null),
        eb.not(
          eb.exists(
            eb
              .selectFrom('webhook_deliveries as e')
              .select('e.id')
              .where('e.status', '=', 'pending')
              .whereRef('e.endpoint_id', '=', 'd.endpoint_id')
              .whereRef('e.room_id', '=', 'd.room_id')
              .whereRef('e.id', '<', 'd.id'),
          ),
        ),
      ]),
    )
    .orderBy('d.next_attempt_at')
    .orderBy('d.id')
    .limit(limit);
}

/** The rows {@link dueDeliveries} read, minus those in flight, as the worker takes them. */
export function toDue(
  rows: readonly { id: number; endpoint_id: number; webhook_id: string; body: string; room_id: number | null; created_at: number; attempts: number }[],
  limit: number,
  skip: ReadonlySet<number>,
): DueDelivery[] {
  return rows
    .filter((row) => !skip.has(row.id))
    .slice(0, limit)
    .map((row) => ({
      id: row.id,
      endpointId: row.endpoint_id,
      webhookId: row.webhook_id,
      body: row.body,
      roomId: row.room_id,
      createdAt: row.created_at,
      attempts: row.attempts,
    }));
}

/** Marks a delivery delivered. */
export function markDelivered(db: Kysely<Database>, id: number, result: AttemptResult, now: number) {
  return db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      status: 'delivered',
      attempts: eb('attempts', '+', 1),
      last_status: result.httpStatus,
      last_latency_ms: Math.round(result.latencyMs),
      last_error: null,
      finished_at: now,
    }))
    .where('id', '=', id);
}

/** Records a failed attempt: pending again until `nextAttemptAt`, or failed for good without one. */
export function markAttemptFailed(db: Kysely<Database>, id: number, result: AttemptResult, now: number, nextAttemptAt: number | undefined) {
  return db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      status: nextAttemptAt === undefined ? 'failed' : 'pending',
      attempts: eb('attempts', '+', 1),
      last_status: result.httpStatus,
      last_latency_ms: Math.round(result.latencyMs),
      last_error: result.error?.slice(0, MAX_ERROR_CHARS) ?? null,
      next_attempt_at: nextAttemptAt ?? now,
      finished_at: nextAttemptAt === undefined ? now : null,
    }))
    .where('id', '=', id)
    .returning(['endpoint_id', 'room_id']);
}

/**
 * Moves the room's later pending deliveries to the failed one's next attempt: they cannot go before it, and this keeps
 * them out of the due reads until then, instead of being read and skipped on every poll while the endpoint is down.
 */
export function holdLaterDeliveries(db: Kysely<Database>, after: { id: number; endpointId: number; roomId: number }, nextAttemptAt: number) {
  return db
    .updateTable('webhook_deliveries')
    .set({ next_attempt_at: nextAttemptAt })
    .where('status', '=', 'pending')
    .where('endpoint_id', '=', after.endpointId)
    .where('room_id', '=', after.roomId)
    .where('id', '>', after.id)
    .where('next_attempt_at', '<', nextAttemptAt);
}

/** Deliveries per endpoint and status, for the admin page. */
export function deliveryCounts(db: Kysely<Database>) {
  return db
    .selectFrom('webhook_deliveries')
    .select(['endpoint_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['endpoint_id', 'status']);
}
