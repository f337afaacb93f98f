// The one SQLite connection the entity stores share: Kysely to build SQL, synchronous execution, durable writes.

import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { Checkpointer, type CheckpointerOptions } from './checkpointer.js';
import { openDatabase, type OpenDatabase } from './database.js';
import type { Database } from './schema.js';
import { SyncQueries } from './sync-queries.js';
import { WalFlusher } from './wal-flusher.js';

export interface SqliteStoreOptions {
  /**
   * Checkpoint the log on a worker thread, for a long-running server; failures are reported to `onError`. Short
   * commands (`admin`, `backup`) leave it out: their connection checkpoints as it closes.
   */
  backgroundCheckpoints?: CheckpointerOptions;
}

export class SqliteConnection {
  readonly #open: OpenDatabase;
  readonly #flusher: WalFlusher | undefined;
  readonly #checkpointer: Checkpointer | undefined;
  /** Kysely-built queries, run synchronously (so several can share one transaction). */
  readonly q: SyncQueries;

  constructor(url: string, options: SqliteStoreOptions = {}) {
    this.#open = openDatabase(url);
    this.q = new SyncQueries(this.#open.raw);
    const path = this.#open.path;
    this.#flusher = path === undefined ? undefined : new WalFlusher(`${path}-wal`);
    const checkpoints = options.backgroundCheckpoints;
    this.#checkpointer =
      path === undefined || checkpoints === undefined ? undefined : new Checkpointer(path, checkpoints);
  }

  /** The query builder: build with it, run with {@link q}. */
  get db(): Kysely<Database> {
    return this.#open.db;
  }

  /** The better-sqlite3 handle, for hand-prepared statements and SQLite's own APIs (backup). */
  get raw(): BetterSqlite3.Database {
    return this.#open.raw;
  }

  /**
   * Every write goes through here: it resolves with the write's result once the log holding it is on disk, so no
   * caller acknowledges a write that a power loss could undo.
   */
  async durable<T>(result: T): Promise<T> {
    if (this.#flusher !== undefined) await this.#flusher.flush();
    return result;
  }

  /**
   * Hand-written statements, prepared on first use: SQLite checks a statement's tables when it is prepared, and they
   * exist only once migrations have run.
   */
  preparedOnFirstUse<T>(prepare: (raw: BetterSqlite3.Database) => T): () => T {
    let prepared: T | undefined;
    return () => (prepared ??= prepare(this.#open.raw));
  }

  async close(): Promise<void> {
    await this.#flusher?.close();
    await this.#checkpointer?.close();
    await this.#open.db.destroy();
  }
}
