// The outbox writer the PostgreSQL entity stores call inside their transactions, over the in-memory listener view.

import { randomUUID } from 'node:crypto';
import type { WebhookData, WebhookEventType } from '@ichat/protocol';
import { sql } from 'kysely';
import { WebhookListeners } from '../webhook-listeners.js';
import type { Db } from './message-columns.js';

/** One event to record: the room it belongs to (null for user events), its data, and when it happened. */
export interface OutboxEvent<T extends WebhookEventType> {
  roomId: number | null;
  data: WebhookData<T>;
  now: number;
}

/**
 * Writes one pending delivery per listening endpoint, in the caller's transaction, with one statement for a whole batch. Which endpoints
 * listen is held in memory (refreshed when this node changes them, and at start), so a change nobody listens for
 * costs a map lookup and no statement.
 */
export class PostgresWebhookOutbox extends WebhookListeners {

  /**
   * Records an event for every endpoint that listens to its type, inside `trx`, the transaction of the change it
   * reports. Only endpoints that still exist get a row: another node or a command may have removed one since.
   */
  record<T extends WebhookEventType>(trx: Db, type: T, roomId: number | null, data: WebhookData<T>, now: number): Promise<void> {
    return this.recordMany(trx, type, [{ roomId, data, now }]);
  }

  /**
   * Records events of one type, in order, with one statement for all of them (an appended batch's messages, under
   * the room locks): each event's endpoints get their rows in endpoint order, events one after another.
   */
  async recordMany<T extends WebhookEventType>(trx: Db, type: T, events: readonly OutboxEvent<T>[]): Promise<void> {
    const endpoints = this.endpointsFor(type);
    if (endpoints === undefined || events.length === 0) return;
    const webhookIds: string[] = [];
    const roomIds: (number | null)[] = [];
    const bodies: string[] = [];
    const times: number[] = [];
    for (const { roomId, data, now } of events) {
      const webhookId = randomUUID();
      webhookIds.push(webhookId);
      roomIds.push(roomId);
      // Serialised once for every endpoint: the body is what is signed, byte for byte, on every attempt.
      bodies.push(JSON.stringify({ id: webhookId, type, createdAt: now, data }));
      times.push(now);
    }
    await sql`insert into webhook_deliveries (endpoint_id, webhook_id, type, room_id, body, created_at, next_attempt_at)
      select e.id, v.webhook_id, ${type}, v.room_id, v.body, v.created_at, v.created_at
      from unnest(${webhookIds}::text[], ${roomIds}::int[], ${bodies}::text[], ${times}::bigint[])
        with ordinality as v(webhook_id, room_id, body, created_at, position)
      cross join webhook_endpoints e
      where e.id = any(${endpoints}::bigint[])
      order by v.position, e.id`.execute(trx);
  }
}
