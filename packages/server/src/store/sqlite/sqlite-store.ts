// The Store over SQLite: one store per entity on one shared connection, plus migrations, health check and backup.

import { closeSync, openSync, renameSync, rmSync } from 'node:fs';
import { IChatError } from '@ichat/protocol';
import BetterSqlite3 from 'better-sqlite3';
import { Migrator } from 'kysely';
import type { Store, WriteState } from '../contract/store.js';
import { SqliteApiKeyStore } from './api-key-store.js';
import { SqliteAttachmentStore } from './attachment-store.js';
import { SqliteChatViewStore } from './chat-view-store.js';
import { SqliteConnection, type SqliteStoreOptions } from './connection.js';
import { SqliteEmailStore } from './email-store.js';
import { SqliteMessageStore } from './message-store.js';
import { migrationProvider } from '../migrations/index.js';
import { SqliteModerationStore } from './moderation-store.js';
import { SqliteRoomStore } from './room-store.js';
import { SqliteReceiptStore } from './receipt-store.js';
import { SearchIndexer, type SearchIndexingOptions } from './search-indexer.js';
import { SqliteSearchStore } from './search-store.js';
import { SqliteStatsStore } from './stats-store.js';
import { SqliteTokenStore } from './token-store.js';
import { SqliteUserStore } from './user-store.js';
import { WebhookOutbox } from './webhook-outbox.js';
import { SqliteWebhookStore } from './webhook-store.js';

export type { SqliteStoreOptions } from './connection.js';

/** Opens (creating if needed) the SQLite database at `url`. Call {@link SqliteStore.migrate} before use. */
export class SqliteStore implements Store {
  readonly #connection: SqliteConnection;
  readonly #indexer: SearchIndexer;
  readonly #backgroundIndexing: SearchIndexingOptions | undefined;
  readonly users: SqliteUserStore;
  readonly tokens: SqliteTokenStore;
  readonly rooms: SqliteRoomStore;
  readonly messages: SqliteMessageStore;
  readonly receipts: SqliteReceiptStore;
  readonly search: SqliteSearchStore;
  readonly chats: SqliteChatViewStore;
  /** Statistics queries on the same connection (so an in-memory database works too). */
  readonly stats: SqliteStatsStore;
  readonly apiKeys: SqliteApiKeyStore;
  readonly webhooks: SqliteWebhookStore;
  readonly email: SqliteEmailStore;
  readonly moderation: SqliteModerationStore;
  readonly attachments: SqliteAttachmentStore;

  constructor(url: string, options: SqliteStoreOptions = {}) {
    const connection = new SqliteConnection(url, options);
    this.#connection = connection;
    // The entity stores write webhook deliveries into their own transactions, for the endpoints the outbox knows of.
    const outbox = new WebhookOutbox(connection);
    this.users = new SqliteUserStore(connection, outbox);
    this.tokens = new SqliteTokenStore(connection);
    this.rooms = new SqliteRoomStore(connection, outbox);
    this.attachments = new SqliteAttachmentStore(connection);
    this.messages = new SqliteMessageStore(connection, outbox, this.attachments);
    this.receipts = new SqliteReceiptStore(connection);
    this.#indexer = new SearchIndexer(connection);
    this.search = new SqliteSearchStore(connection, this.attachments, this.#indexer);
    this.#backgroundIndexing = options.backgroundSearchIndex;
    this.chats = new SqliteChatViewStore(connection, this.attachments);
    this.stats = new SqliteStatsStore(connection.raw);
    this.apiKeys = new SqliteApiKeyStore(connection);
    this.webhooks = new SqliteWebhookStore(connection, outbox);
    this.email = new SqliteEmailStore(connection);
    this.moderation = new SqliteModerationStore(connection);
  }

  /**
   * Applies pending migrations, then takes the write lock once and lets it go: a database that another process holds
   * locked (within the busy timeout) fails here, at start, rather than at the first message.
   */
  async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.#connection.db, provider: migrationProvider });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((result) => result.status === 'Error');
    if (error !== undefined || failed !== undefined) {
      throw new IChatError('internal', `Database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
    }
    // Which endpoints listen to what must be known before the first write that could owe them a delivery.
    await this.webhooks.refresh();
    // Only once the progress mark exists (migration 015).
    if (this.#backgroundIndexing !== undefined) this.#indexer.start(this.#backgroundIndexing);
    // An empty IMMEDIATE transaction: it waits for the write lock like any write, and writes nothing.
    this.#connection.q.transaction(() => undefined);
    await this.#connection.durable(undefined);
  }

  ping(): Promise<boolean> {
    return Promise.resolve(this.#connection.raw.prepare('select 1 as ok').get() !== undefined);
  }

  writes(): Promise<WriteState> {
    return Promise.resolve(this.#connection.writeState());
  }

  close(): Promise<void> {
    this.#indexer.stop();
    return this.#connection.close();
  }

  async backup(file: string): Promise<void> {
    // SQLite's online backup copies a consistent snapshot page by page while writers keep going. The copy is then
    // switched out of WAL mode so it is one self-contained file, and renamed into place only once complete.
    const temporary = `${file}.partial`;
    rmSync(temporary, { force: true });
    // Made empty first so the copy is the owner's alone (600), like the database; SQLite fills an empty file.
    closeSync(openSync(temporary, 'wx', 0o600));
    await this.#connection.raw.backup(temporary);
    const copy = new BetterSqlite3(temporary);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    renameSync(temporary, file);
  }
}
