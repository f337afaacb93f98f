// The outbox writer the PostgreSQL entity stores call inside their transactions, over the in-memory listener view.

import { randomUUID } from 'node:crypto';
import type { WebhookData, WebhookEventType } from '@ichat/protocol';
import { sql } from 'kysely';
import { WebhookListeners } from '../webhook-listeners.js';
import type { Db } from './message-columns.js';

/**
 * Writes one pending delivery per listening endpoint, in the caller's transaction, with one statement. Which endpoints
 * listen is held in memory (refreshed when this node changes them, and at start), so a change nobody listens for
 * costs a map lookup and no statement.
 */
export class PostgresWebhookOutbox extends WebhookListeners {

  /**
   * Records an event for every endpoint that listens to its type, inside `trx`, the transaction of the change it
   * reports. Only endpoints that still exist get a row: another node or a command may have removed one since.
   */
  async record<T extends WebhookEventType>(trx: Db, type: T, roomId: number | null, data: WebhookData<T>, now: number): Promise<void> {
    const endpoints = this.endpointsFor(type);
    if (endpoints === undefined) return;
    const webhookId = randomUUID();
    // Serialised once for every endpoint: the body is what is signed, byte for byte, on every attempt.
    const body = JSON.stringify({ id: webhookId, type, createdAt: now, data });
    await sql`insert into webhook_deliveries (endpoint_id, webhook_id, type, room_id, body, created_at, next_attempt_at)
      select id, ${webhookId}, ${type}, ${roomId}::int, ${body}, ${now}::bigint, ${now}::bigint
      from webhook_endpoints where id = any(${endpoints}::bigint[]) order by id`.execute(trx);
  }
}
