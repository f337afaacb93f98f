// The Store over PostgreSQL: one store per entity on one shared pool, plus migrations, health check and the backup
// refusal (a PostgreSQL database is backed up with its own tools).

import { IChatError } from '@ichat/protocol';
import { Migrator, sql } from 'kysely';
import type { Store, WriteState } from '../contract/store.js';
import { migrationProvider } from '../migrations/index.js';
import { newerSchemaProblem, schemaStateOf, type SchemaState } from '../sqlite/schema-version.js';
import { PostgresApiKeyStore } from './api-key-store.js';
import { PostgresAttachmentStore } from './attachment-store.js';
import { PostgresChatViewStore } from './chat-view-store.js';
import { PostgresConnection, type PostgresStoreOptions } from './connection.js';
import { PostgresEmailStore } from './email-store.js';
import { PostgresMessageStore } from './message-store.js';
import { PostgresModerationStore } from './moderation-store.js';
import { PostgresReceiptStore } from './receipt-store.js';
import { PostgresRoomStore } from './room-store.js';
import { PostgresSearchStore } from './search-store.js';
import { PostgresStatsStore } from './stats-store.js';
import { PostgresTokenStore } from './token-store.js';
import { PostgresUserStore } from './user-store.js';
import { PostgresWebhookOutbox } from './webhook-outbox.js';
import { PostgresWebhookStore } from './webhook-store.js';

export type { PostgresStoreOptions } from './connection.js';

/** What `backup` answers on PostgreSQL: the operator's own tools do it, consistently and without stopping the server. */
export const POSTGRES_BACKUP_REFUSAL =
  'This server stores its data in PostgreSQL, which is backed up with its own tools: run pg_dump (for example ' +
  '`pg_dump --format=custom --file=ichat.dump "$DATABASE_URL"`) or use continuous archiving; `ichat-server backup` copies SQLite databases only';

/** Connects to the PostgreSQL database at `url` (lazily: the first query connects). Call {@link PostgresStore.migrate} before use. */
export class PostgresStore implements Store {
  readonly #connection: PostgresConnection;
  readonly #schema: string | undefined;
  readonly users: PostgresUserStore;
  readonly tokens: PostgresTokenStore;
  readonly rooms: PostgresRoomStore;
  readonly messages: PostgresMessageStore;
  readonly receipts: PostgresReceiptStore;
  readonly search: PostgresSearchStore;
  readonly chats: PostgresChatViewStore;
  readonly stats: PostgresStatsStore;
  readonly apiKeys: PostgresApiKeyStore;
  readonly webhooks: PostgresWebhookStore;
  readonly email: PostgresEmailStore;
  readonly moderation: PostgresModerationStore;
  readonly attachments: PostgresAttachmentStore;

  constructor(url: string, options: PostgresStoreOptions = {}) {
    const connection = new PostgresConnection(url, options);
    this.#connection = connection;
    this.#schema = options.schema;
    // The entity stores write webhook deliveries into their own transactions, for the endpoints the outbox knows of.
    const outbox = new PostgresWebhookOutbox();
    this.users = new PostgresUserStore(connection, outbox);
    this.tokens = new PostgresTokenStore(connection);
    this.rooms = new PostgresRoomStore(connection, outbox);
    this.messages = new PostgresMessageStore(connection, outbox);
    this.receipts = new PostgresReceiptStore(connection);
    this.search = new PostgresSearchStore(connection);
    this.chats = new PostgresChatViewStore(connection);
    this.stats = new PostgresStatsStore(connection);
    this.apiKeys = new PostgresApiKeyStore(connection);
    this.webhooks = new PostgresWebhookStore(connection, outbox);
    this.email = new PostgresEmailStore(connection);
    this.moderation = new PostgresModerationStore(connection);
    this.attachments = new PostgresAttachmentStore(connection);
  }

  /** The database's schema as far as this server is concerned: its applied migrations against the known ones. */
  async schemaState(): Promise<SchemaState> {
    const applied = await this.#connection.read(async (db) => {
      const table = await sql<{ found: string | null }>`select to_regclass('kysely_migration')::text as found`.execute(db);
      if (table.rows[0]?.found === null || table.rows[0]?.found === undefined) return [];
      const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
      return rows.rows.map((row) => row.name);
    });
    return schemaStateOf(applied);
  }

  /**
   * Applies pending migrations, refusing first a database that a newer iChat migrated (its schema would not match the
   * code). Kysely's migrator holds an advisory lock meanwhile, so nodes starting together migrate once.
   *
   * @throws {IChatError} `validation_failed` for a newer schema; `internal` when a migration fails.
   */
  async migrate(): Promise<void> {
    const problem = newerSchemaProblem(await this.schemaState());
    if (problem !== undefined) throw new IChatError('validation_failed', `The PostgreSQL database ${problem}`, { field: 'database' });
    // Named, not left to the search path: Kysely looks for its tables by name in every schema, and would take another
    // schema's (another iChat's, in the same database) for this one's.
    const schema = this.#schema ?? (await this.#connection.read((db) => sql<{ name: string }>`select current_schema() as name`.execute(db))).rows[0]?.name;
    const migrator = new Migrator({ db: this.#connection.db, provider: migrationProvider, ...(schema === undefined ? {} : { migrationTableSchema: schema }) });
    let { error, results } = await migrator.migrateToLatest();
    // Kysely's migrator first lists the tables of every schema; another schema dropped at that moment (by another
    // application sharing the database) fails the listing before any migration ran. Listing again is safe.
    for (let attempt = 1; attempt < 3 && results === undefined && droppedMeanwhile(error); attempt++) {
      ({ error, results } = await migrator.migrateToLatest());
    }
    const failed = results?.find((result) => result.status === 'Error');
    if (error !== undefined || failed !== undefined) {
      throw new IChatError('internal', `Database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
    }
    // Which endpoints listen to what must be known before the first write that could owe them a delivery.
    await this.webhooks.refresh();
  }

  async ping(): Promise<boolean> {
    const rows = await this.#connection.read((db) => sql<{ ok: number }>`select 1 as ok`.execute(db));
    return rows.rows[0]?.ok === 1;
  }

  /**
   * `full` after PostgreSQL refused a write for want of room (disk, memory, connections), until a write succeeds;
   * otherwise `ok`. A database that cannot be reached is not a write state: ping fails (/healthz says `down`), writes
   * fail with a retryable `unavailable`, and both recover by themselves once it answers again.
   */
  writes(): Promise<WriteState> {
    return Promise.resolve(this.#connection.writeState());
  }

  close(): Promise<void> {
    return this.#connection.close();
  }

  /** @throws {IChatError} `bad_request` always: see {@link POSTGRES_BACKUP_REFUSAL}. */
  backup(): Promise<void> {
    return Promise.reject(new IChatError('bad_request', POSTGRES_BACKUP_REFUSAL));
  }
}

/** Whether a failure names a schema or table that no longer exists: PostgreSQL's `invalid_schema_name`, `undefined_table`. */
function droppedMeanwhile(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === '3F000' || code === '42P01';
}
