// Webhook endpoints and deliveries over PostgreSQL: the worker's reads use the partial indexes of pending rows.

import { IChatError, type WebhookDelivery, type WebhookEndpoint } from '@ichat/protocol';
import type { AttemptResult, DueDelivery, NewWebhookEndpoint, WebhookStore, WebhookTarget } from '../contract/webhook-store.js';
import { MAX_ERROR_CHARS, toDelivery, toTarget } from '../sqlite/webhook-store.js';
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
    const rows = await this.#c.read((db) =>
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
        .limit(limit + skip.size)
        .execute(),
    );
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

  async delivered(id: number, result: AttemptResult, now: number): Promise<void> {
    await this.#c.write((db) =>
      db
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          status: 'delivered',
          attempts: eb('attempts', '+', 1),
          last_status: result.httpStatus,
          last_latency_ms: Math.round(result.latencyMs),
          last_error: null,
          finished_at: now,
        }))
        .where('id', '=', id)
        .execute(),
    );
  }

  async attemptFailed(id: number, result: AttemptResult, now: number, nextAttemptAt: number | undefined): Promise<void> {
    await this.#c.transaction(async (trx) => {
      const row = await trx
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
        .returning(['endpoint_id', 'room_id'])
        .executeTakeFirst();
      // The room's later deliveries cannot go before this one; moving them to its next attempt keeps them out of the
      // due reads until then.
      if (row !== undefined && row.room_id !== null && nextAttemptAt !== undefined) {
        await trx
          .updateTable('webhook_deliveries')
          .set({ next_attempt_at: nextAttemptAt })
          .where('status', '=', 'pending')
          .where('endpoint_id', '=', row.endpoint_id)
          .where('room_id', '=', row.room_id)
          .where('id', '>', id)
          .where('next_attempt_at', '<', nextAttemptAt)
          .execute();
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
    const counts = await this.#c.read((db) =>
      db
        .selectFrom('webhook_deliveries')
        .select(['endpoint_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['endpoint_id', 'status'])
        .execute(),
    );
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
