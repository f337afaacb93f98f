// Webhook endpoints and deliveries over PostgreSQL: the worker's reads use the partial indexes of pending rows.

import { IChatError, type WebhookDelivery, type WebhookEndpoint } from '@ichat/protocol';
import type { AttemptResult, DueDelivery, NewWebhookEndpoint, WebhookStore, WebhookTarget } from '../contract/webhook-store.js';
import { deliveryCounts, dueDeliveries, holdLaterDeliveries, markAttemptFailed, markDelivered, toDue } from '../queries/webhook-queries.js';
import { toDelivery, toTarget } from '../sqlite/webhook-store.js';
import type { PostgresConnection } from './connection.js';
import type { PostgresWebhookOutbox } from './webhook-outbox.js';

export class PostgresWebhookStore implements WebhookStore {
  readonly #c: PostgresConnection;
  readonly #outbox: PostgresWebhookOutbox;

  constructor(connection: PostgresConnection, outbox: PostgresWebhookOutbox) {
    this.#c = connection;
    this.#outbox = outbox;
  }

  async addEndpoint(endpoint: NewWebhookEndpoint): Promise<WebhookTarget> {
    const row = await this.#c.write((db) =>
      db
        .insertInto('webhook_endpoints')
        .values({ url: endpoint.url, secret: endpoint.secret, events: endpoint.events.join(','), created_at: endpoint.createdAt })
        .onConflict((oc) => oc.column('url').doNothing())
        .returningAll()
        .executeTakeFirst(),
    );
    if (row === undefined) throw new IChatError('validation_failed', `A webhook for ${endpoint.url} exists already`, { field: 'url' });
    await this.#load();
    return toTarget(row);
  }

  async removeEndpoint(idOrUrl: number | string): Promise<boolean> {
    const result = await this.#c.write((db) => {
      const remove = db.deleteFrom('webhook_endpoints');
      return (typeof idOrUrl === 'number' ? remove.where('id', '=', idOrUrl) : remove.where('url', '=', idOrUrl)).executeTakeFirst();
    });
    await this.#load();
    return result.numDeletedRows > 0n;
  }

  endpoints(): Promise<WebhookTarget[]> {
    return this.#all();
  }

  refresh(): Promise<WebhookTarget[]> {
    return this.#load();
  }

  async due(now: number, limit: number, skip: ReadonlySet<number>): Promise<DueDelivery[]> {
    return toDue(await this.#c.read((db) => dueDeliveries(db, now, limit + skip.size).execute()), limit, skip);
  }

  async delivered(id: number, result: AttemptResult, now: number): Promise<void> {
    await this.#c.write((db) => markDelivered(db, id, result, now).execute());
  }

  async attemptFailed(id: number, result: AttemptResult, now: number, nextAttemptAt: number | undefined): Promise<void> {
    await this.#c.transaction(async (trx) => {
      const row = await markAttemptFailed(trx, id, result, now, nextAttemptAt).executeTakeFirst();
      if (row !== undefined && row.room_id !== null && nextAttemptAt !== undefined) {
        await holdLaterDeliveries(trx, { id, endpointId: row.endpoint_id, roomId: row.room_id }, nextAttemptAt).execute();
      }
    });
  }

  async prune(before: number): Promise<number> {
    // Only delivered and failed rows have a finished_at; a pending one's is null, which no comparison matches.
    const result = await this.#c.write((db) => db.deleteFrom('webhook_deliveries').where('finished_at', '<', before).executeTakeFirst());
    return Number(result.numDeletedRows);
  }

  async pendingCount(): Promise<number> {
    const row = await this.#c.read((db) =>
      db
        .selectFrom('webhook_deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirst(),
    );
    return row?.n ?? 0;
  }

  async overview(limit: number): Promise<{ endpoints: WebhookEndpoint[]; deliveries: WebhookDelivery[] }> {
    const counts = await this.#c.read((db) => deliveryCounts(db).execute());
    const countOf = (endpointId: number, status: string): number =>
      counts.find((row) => row.endpoint_id === endpointId && row.status === status)?.n ?? 0;
    const endpoints = (await this.#all()).map((endpoint) => ({
      id: endpoint.id,
      url: endpoint.url,
      events: endpoint.events,
      createdAt: endpoint.createdAt,
      pending: countOf(endpoint.id, 'pending'),
      delivered: countOf(endpoint.id, 'delivered'),
      failed: countOf(endpoint.id, 'failed'),
    }));
    const deliveries = await this.#c.read((db) => db.selectFrom('webhook_deliveries').selectAll().orderBy('id', 'desc').limit(limit).execute());
    return { endpoints, deliveries: deliveries.map(toDelivery) };
  }

  async #all(): Promise<WebhookTarget[]> {
    const rows = await this.#c.read((db) => db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute());
    return rows.map(toTarget);
  }

  async #load(): Promise<WebhookTarget[]> {
    const endpoints = await this.#all();
    this.#outbox.listen(endpoints);
    return endpoints;
  }
}
