// The one SQLite connection the entity stores share: Kysely to build SQL, synchronous execution, durable writes.

import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { IChatError } from '@ichat/protocol';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { WriteState } from '../contract/store.js';
import { Checkpointer, type CheckpointerOptions } from './checkpointer.js';
import { openDatabase, type OpenDatabase } from './database.js';
import type { SearchIndexingOptions } from './search-indexer.js';
import type { Database } from './schema.js';
import { storageError, storageFault } from './storage-errors.js';
import { SyncQueries } from './sync-queries.js';
import { WalFlusher } from './wal-flusher.js';

/**
 * Free space at which a disk that was full counts as usable again, without waiting for a write to prove it: enough
 * for a few hundred group commits' worth of log, so /healthz does not flap at the last few pages.
 */
const RESUME_FREE_BYTES = 1024 * 1024;

export interface SqliteStoreOptions {
  /**
   * Checkpoint the log on a worker thread, for a long-running server; failures are reported to `onError`. Short
   * commands (`admin`, `backup`) leave it out: their connection checkpoints as it closes.
   */
  backgroundCheckpoints?: CheckpointerOptions;
  /**
   * Index new messages for search on a timer, for a long-running server; failures are reported to `onError`. Without
   * it, messages are indexed when a search asks (see search-indexer.ts).
   */
  backgroundSearchIndex?: SearchIndexingOptions;
  /** Told when writes start being refused (the disk is full, the log could not be flushed) and when they resume. */
  onWriteState?: (state: WriteState, reason: string) => void;
}

export class SqliteConnection {
  readonly #open: OpenDatabase;
  readonly #flusher: WalFlusher | undefined;
  readonly #checkpointer: Checkpointer | undefined;
  readonly #onWriteState: (state: WriteState, reason: string) => void;
  #writeState: WriteState = 'ok';
  /** Kysely-built queries, run synchronously (so several can share one transaction). */
  readonly q: SyncQueries;

  constructor(url: string, options: SqliteStoreOptions = {}) {
    this.#open = openDatabase(url);
    this.#onWriteState = options.onWriteState ?? (() => undefined);
    this.q = new SyncQueries(this.#open.raw, (error) => this.#translate(error));
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
    if (this.#flusher !== undefined) {
      try {
        await this.#flusher.flush();
      } catch (error) {
        // The flusher refuses every later flush too: what the kernel failed to write cannot be vouched for any more.
        this.#setWriteState('failed', error instanceof Error ? error.message : String(error));
        throw new IChatError('unavailable', 'The database could not be flushed to disk; writes are refused until the server restarts', {
          cause: error,
        });
      }
    }
    // A write reached the disk, so there is room again.
    if (this.#writeState === 'full') this.#setWriteState('ok', 'a write was stored');
    return result;
  }

  /**
   * Whether writes are being stored. `full` ends on its own: when a write succeeds, or when the filesystem has room
   * again (checked here, so a server that a load balancer took out of rotation for it comes back without a write).
   */
  writeState(): WriteState {
    if (this.#writeState === 'full' && this.#freeBytes() >= RESUME_FREE_BYTES) this.#setWriteState('ok', 'the disk has free space again');
    return this.#writeState;
  }

  #freeBytes(): number {
    const path = this.#open.path;
    if (path === undefined) return Number.POSITIVE_INFINITY;
    try {
      const stats = statfsSync(dirname(path));
      return stats.bavail * stats.bsize;
    } catch {
      return 0;
    }
  }

  /** Storage faults become typed, retryable errors; a full disk is remembered for /healthz. */
  #translate(error: unknown): unknown {
    const fault = storageFault(error);
    if (fault === undefined) return error;
    if (fault === 'full' && this.#writeState === 'ok') this.#setWriteState('full', error instanceof Error ? error.message : String(error));
    return storageError(fault, error);
  }

  #setWriteState(state: WriteState, reason: string): void {
    if (state === this.#writeState || this.#writeState === 'failed') return;
    this.#writeState = state;
    this.#onWriteState(state, reason);
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
