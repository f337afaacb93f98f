// The outbox writer the entity stores call inside their transactions, and the in-memory view of who listens to what.

import { randomUUID } from 'node:crypto';
import type { WebhookData, WebhookEventType } from '@ichat/protocol';
import type BetterSqlite3 from 'better-sqlite3';
import { WebhookListeners } from '../webhook-listeners.js';
import type { SqliteConnection } from './connection.js';

type InsertDelivery = BetterSqlite3.Statement<[number, string, string, number | null, string, number, number, number]>;

/**
 * Writes one pending delivery per listening endpoint, in the caller's transaction. Which endpoints listen to which
 * event type is a map held in memory, so a change nobody listens for costs a map lookup and no statement: the
 * message path pays nothing while no endpoint is configured.
 */
export class WebhookOutbox extends WebhookListeners {
  // SQLite-specific: prepared once as plain SQL, because with an endpoint listening every stored message runs it.
  readonly #insert: () => InsertDelivery;

  constructor(connection: SqliteConnection) {
    super();
    this.#insert = connection.preparedOnFirstUse((raw) =>
      raw.prepare(
        // Only while the endpoint exists: the `webhook remove` command, in another process, may have deleted it since
        // the view was read, and a delivery row for it would then break the foreign key and the user's write with it.
        'insert into webhook_deliveries (endpoint_id, webhook_id, type, room_id, body, created_at, next_attempt_at) ' +
          'select ?, ?, ?, ?, ?, ?, ? where exists (select 1 from webhook_endpoints where id = ?)',
      ),
    );
  }

  /**
   * Records an event for every endpoint that listens to its type. Call it inside the transaction of the change it
   * reports. `roomId` orders the deliveries of one room; `null` for events of no room.
   */
  record<T extends WebhookEventType>(type: T, roomId: number | null, data: WebhookData<T>, now: number): void {
    const endpoints = this.endpointsFor(type);
    if (endpoints === undefined) return;
    const webhookId = randomUUID();
    // Serialised once for every endpoint: the body is what is signed, byte for byte, on every attempt.
    const body = JSON.stringify({ id: webhookId, type, createdAt: now, data });
    const insert = this.#insert();
    for (const endpointId of endpoints) insert.run(endpointId, webhookId, type, roomId, body, now, now, endpointId);
  }
}
