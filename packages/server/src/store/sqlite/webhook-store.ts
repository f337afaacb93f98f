// Webhook endpoints and deliveries over SQLite: the worker's reads are small and use the partial indexes of pending rows.

import { IChatError, WEBHOOK_EVENT_TYPES, type WebhookDelivery, type WebhookEndpoint, type WebhookEventType } from '@ichat/protocol';
import type { Selectable } from 'kysely';
import type {
  AttemptResult,
  DueDelivery,
  NewWebhookEndpoint,
  WebhookStore,
  WebhookTarget,
} from '../contract/webhook-store.js';
import type { SqliteConnection } from './connection.js';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from './schema.js';
import type { WebhookOutbox } from './webhook-outbox.js';

/** The longest error text kept per delivery: enough for a reason, not a receiver's whole error page. */
export const MAX_ERROR_CHARS = 500;

function eventsOf(column: string): WebhookEventType[] {
  return WEBHOOK_EVENT_TYPES.filter((type) => column.split(',').includes(type));
}

export function toTarget(row: Selectable<WebhookEndpointsTable>): WebhookTarget {
  return { id: row.id, url: row.url, secret: row.secret, events: eventsOf(row.events), createdAt: row.created_at };
}

/** A stored event type; only the outbox writer stores them, so anything else is a damaged row. */
function eventTypeOf(column: string): WebhookEventType {
  const type = WEBHOOK_EVENT_TYPES.find((item) => item === column);
  if (type === undefined) throw new IChatError('internal', `Unknown webhook event type "${column}" in the outbox`);
  return type;
}

export function toDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  const type = eventTypeOf(row.type);
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    webhookId: row.webhook_id,
    type,
    status: row.status,
    attempts: row.attempts,
    httpStatus: row.last_status,
    latencyMs: row.last_latency_ms,
    error: row.last_error,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    createdAt: row.created_at,
  };
}

export class SqliteWebhookStore implements WebhookStore {
  readonly #c: SqliteConnection;
  readonly #outbox: WebhookOutbox;

  constructor(connection: SqliteConnection, outbox: WebhookOutbox) {
    this.#c = connection;
    this.#outbox = outbox;
  }

  addEndpoint(endpoint: NewWebhookEndpoint): Promise<WebhookTarget> {
    const { db, q } = this.#c;
    const added = q.transaction(() => {
      if (q.first(db.selectFrom('webhook_endpoints').select('id').where('url', '=', endpoint.url)) !== undefined) {
        throw new IChatError('validation_failed', `A webhook for ${endpoint.url} exists already`, { field: 'url' });
      }
      const row = q.first(
        db
          .insertInto('webhook_endpoints')
          .values({ url: endpoint.url, secret: endpoint.secret, events: endpoint.events.join(','), created_at: endpoint.createdAt })
          .returningAll(),
      );
      if (row === undefined) throw new IChatError('internal', 'Webhook endpoint was not stored');
      return toTarget(row);
    });
    this.#load();
    return this.#c.durable(added);
  }

  removeEndpoint(idOrUrl: number | string): Promise<boolean> {
    const remove = this.#c.db.deleteFrom('webhook_endpoints');
    const result = this.#c.q.run(typeof idOrUrl === 'number' ? remove.where('id', '=', idOrUrl) : remove.where('url', '=', idOrUrl));
    this.#load();
    return this.#c.durable(result.changes > 0);
  }

  endpoints(): Promise<WebhookTarget[]> {
    return Promise.resolve(this.#all());
  }

  refresh(): Promise<WebhookTarget[]> {
    return Promise.resolve(this.#load());
  }

  due(now: number, limit: number, skip: ReadonlySet<number>): Promise<DueDelivery[]> {
    const { db, q } = this.#c;
    const rows = q.all(
      db
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
        // Those in flight are still pending; reading past them keeps `limit` free ones in reach.
        .limit(limit + skip.size),
    );
    return Promise.resolve(
      rows
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
        })),
    );
  }

  delivered(id: number, result: AttemptResult, now: number): Promise<void> {
    this.#c.q.run(
      this.#c.db
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          status: 'delivered',
          attempts: eb('attempts', '+', 1),
          last_status: result.httpStatus,
          last_latency_ms: Math.round(result.latencyMs),
          last_error: null,
          finished_at: now,
        }))
        .where('id', '=', id),
    );
    return this.#c.durable(undefined);
  }

  attemptFailed(id: number, result: AttemptResult, now: number, nextAttemptAt: number | undefined): Promise<void> {
    const { db, q } = this.#c;
    q.transaction(() => {
      const row = q.first(
        db
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
          .returning(['endpoint_id', 'room_id']),
      );
      // The room's later deliveries cannot go before this one; moving them to its next attempt keeps them out of the
      // due reads until then, instead of being read and skipped on every poll while the endpoint is down.
      if (row !== undefined && row.room_id !== null && nextAttemptAt !== undefined) {
        q.run(
          db
            .updateTable('webhook_deliveries')
            .set({ next_attempt_at: nextAttemptAt })
            .where('status', '=', 'pending')
            .where('endpoint_id', '=', row.endpoint_id)
            .where('room_id', '=', row.room_id)
            .where('id', '>', id)
            .where('next_attempt_at', '<', nextAttemptAt),
        );
      }
    });
    return this.#c.durable(undefined);
  }

  prune(before: number): Promise<number> {
    const result = this.#c.q.run(
      this.#c.db
        .deleteFrom('webhook_deliveries')
        // Only delivered and failed rows have a finished_at; a pending one's is null, which no comparison matches.
        .where('finished_at', '<', before),
    );
    return this.#c.durable(result.changes);
  }

  pendingCount(): Promise<number> {
    const row = this.#c.q.first(
      this.#c.db
        .selectFrom('webhook_deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending'),
    );
    return Promise.resolve(row?.n ?? 0);
  }

  overview(limit: number): Promise<{ endpoints: WebhookEndpoint[]; deliveries: WebhookDelivery[] }> {
    const { db, q } = this.#c;
    const counts = q.all(
      db
        .selectFrom('webhook_deliveries')
        .select(['endpoint_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['endpoint_id', 'status']),
    );
    const countOf = (endpointId: number, status: string): number =>
      counts.find((row) => row.endpoint_id === endpointId && row.status === status)?.n ?? 0;
    const endpoints = this.#all().map((endpoint) => ({
      id: endpoint.id,
      url: endpoint.url,
      events: endpoint.events,
      createdAt: endpoint.createdAt,
      pending: countOf(endpoint.id, 'pending'),
      delivered: countOf(endpoint.id, 'delivered'),
      failed: countOf(endpoint.id, 'failed'),
    }));
    const deliveries = q
      .all(db.selectFrom('webhook_deliveries').selectAll().orderBy('id', 'desc').limit(limit))
      .map(toDelivery);
    return Promise.resolve({ endpoints, deliveries });
  }

  #all(): WebhookTarget[] {
    return this.#c.q.all(this.#c.db.selectFrom('webhook_endpoints').selectAll().orderBy('id')).map(toTarget);
  }

  #load(): WebhookTarget[] {
    const endpoints = this.#all();
    this.#outbox.listen(endpoints);
    return endpoints;
  }
}
