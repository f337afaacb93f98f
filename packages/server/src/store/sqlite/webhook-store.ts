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
import { deliveryCounts, dueDeliveries, holdLaterDeliveries, markAttemptFailed, markDelivered, toDue } from '../queries/webhook-queries.js';
import type { SqliteConnection } from './connection.js';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from './schema.js';
import type { WebhookOutbox } from './webhook-outbox.js';

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
    return Promise.resolve(toDue(this.#c.q.all(dueDeliveries(this.#c.db, now, limit + skip.size)), limit, skip));
  }

  delivered(id: number, result: AttemptResult, now: number): Promise<void> {
    this.#c.q.run(markDelivered(this.#c.db, id, result, now));
    return this.#c.durable(undefined);
  }

  attemptFailed(id: number, result: AttemptResult, now: number, nextAttemptAt: number | undefined): Promise<void> {
    const { db, q } = this.#c;
    q.transaction(() => {
      const row = q.first(markAttemptFailed(db, id, result, now, nextAttemptAt));
      if (row !== undefined && row.room_id !== null && nextAttemptAt !== undefined) {
        q.run(holdLaterDeliveries(db, { id, endpointId: row.endpoint_id, roomId: row.room_id }, nextAttemptAt));
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
    const counts = q.all(deliveryCounts(db));
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
