// Takes stored messages into the search index in batches, behind the commit that stored them (migration 015).
//
// FTS5 writes a segment per transaction, so indexing costs far less per message in batches: measured on the index
// alone, 80 µs per message one at a time, 28 µs five at a time, 9 µs a hundred at a time. The group commit stores
// messages as they come (a few per commit at the rates a chat server runs) and leaves the index alone; this indexer
// takes in everything newer than `search_progress.indexed_through`, in one transaction that also moves the mark, on a
// timer and before every search. The index and its mark change together, so a crash leaves them agreeing, and the
// index needs no fsync of its own: what a crash loses of it is indexed again from the messages. No acknowledged
// message waits for it.

import type BetterSqlite3 from 'better-sqlite3';
import { IChatError } from '@ichat/protocol';
import type { SqliteConnection } from './connection.js';
import { storageFault } from './storage-errors.js';

/** How often the background indexer looks for new messages. A search never waits for it: it catches up first. */
const INTERVAL_MS = 200;
/**
 * The most messages one background transaction indexes (about 3–5 ms of work), so the event loop is never held long;
 * a larger backlog is taken slice by slice, with other work let in between.
 */
const SLICE = 500;

interface IndexStatements {
  indexedThrough: BetterSqlite3.Statement<[], { indexed_through: number }>;
  lastId: BetterSqlite3.Statement<[], { last: number }>;
  index: BetterSqlite3.Statement<[number, number]>;
  advance: BetterSqlite3.Statement<[number]>;
}

export interface SearchIndexingOptions {
  /** Told when a background run fails (a full disk, say); the next run tries again. */
  onError: (message: string) => void;
}

export class SearchIndexer {
  readonly #c: SqliteConnection;
  readonly #statements: () => IndexStatements;
  #interval: NodeJS.Timeout | undefined;
  #continuing = false;
  #failing: string | undefined;

  constructor(connection: SqliteConnection) {
    this.#c = connection;
    this.#statements = connection.preparedOnFirstUse((raw) => ({
      indexedThrough: raw.prepare('select indexed_through from search_progress where id = 1'),
      lastId: raw.prepare('select coalesce(max(id), 0) as last from messages'),
      // A message deleted before its turn is not indexed; one edited is indexed as it reads now.
      index: raw.prepare(
        `insert into messages_fts (rowid, text, room)
         select id, text, 'r' || room_id from messages where id > ? and id <= ? and deleted_at is null order by id`,
      ),
      advance: raw.prepare('update search_progress set indexed_through = ? where id = 1'),
    }));
  }

  /**
   * Indexes every message stored so far: a search calls it first, so it finds every committed message. If storage
   * refuses (another process holds the write lock, the disk is full), the search goes on with the index as it is:
   * it may then miss the messages of the last moments before that, which no new message can follow until it ends.
   */
  catchUp(): void {
    // Whatever the outcome: a refusal leaves the index as it was, and the search goes on with it.
    this.#slice(Number.POSITIVE_INFINITY);
  }

  /** Indexes new messages every {@link INTERVAL_MS} until {@link stop}. */
  start(options: SearchIndexingOptions): void {
    if (this.#interval !== undefined) return;
    const run = (): void => {
      let outcome: SliceOutcome;
      try {
        outcome = this.#slice(SLICE);
      } catch (error) {
        // Not storage's fault (a bug, a damaged schema): reported, never thrown out of a timer.
        outcome = { failure: error instanceof Error ? error.message : String(error) };
      }
      if (outcome === 'locked') return; // Another process is writing: the next run tries again, nothing to report.
      if (outcome === 'done' || outcome === 'more') {
        this.#failing = undefined;
      } else {
        // Once per reason, not every 200 ms.
        if (outcome.failure !== this.#failing) options.onError(outcome.failure);
        this.#failing = outcome.failure;
        return;
      }
      // More than a slice waiting: the rest right after the I/O already due, not a whole interval later.
      if (outcome === 'more' && !this.#continuing && this.#interval !== undefined) {
        this.#continuing = true;
        setImmediate(() => {
          this.#continuing = false;
          if (this.#interval !== undefined) run();
        });
      }
    };
    this.#interval = setInterval(run, INTERVAL_MS);
    this.#interval.unref();
  }

  /** Stops the background runs; what is still unindexed is taken in by the next catch-up or start. */
  stop(): void {
    clearInterval(this.#interval);
    this.#interval = undefined;
  }

  /**
   * Indexes up to `limit` ids past the mark in one transaction: `done` when nothing is left after it, `more` when some
   * is. It never waits for the write lock (the event loop would wait with it): `locked` when another process holds
   * it. Other storage faults come back as a `failure` to report; anything else is thrown.
   */
  #slice(limit: number): SliceOutcome {
    const statements = this.#statements();
    const raw = this.#c.raw;
    // Read first, outside any transaction and before touching the busy timeout: an idle indexer takes no lock and
    // runs nothing else.
    try {
      if (this.#behind(statements) === undefined) return 'done';
    } catch (error) {
      return this.#fault(error);
    }
    const busyTimeout = Number(raw.pragma('busy_timeout', { simple: true }));
    raw.pragma('busy_timeout = 0');
    try {
      return this.#c.q.transaction(() => {
        const behind = this.#behind(statements);
        if (behind === undefined) return 'done';
        const through = Math.min(behind.last, behind.mark + limit);
        statements.index.run(behind.mark, through);
        statements.advance.run(through);
        return through === behind.last ? 'done' : 'more';
      });
    } catch (error) {
      return this.#fault(error);
    } finally {
      raw.pragma(`busy_timeout = ${busyTimeout}`);
    }
  }

  /** A storage fault as a slice's outcome; anything else is thrown again. */
  #fault(error: unknown): SliceOutcome {
    const fault = storageFault(error instanceof IChatError ? error.cause : error);
    if (fault === undefined) throw error;
    return fault === 'locked' ? 'locked' : { failure: error instanceof Error ? error.message : String(error) };
  }

  /** The mark and the newest message id, when messages past the mark wait to be indexed. */
  #behind(statements: IndexStatements): { mark: number; last: number } | undefined {
    const mark = statements.indexedThrough.get();
    if (mark === undefined) throw new IChatError('internal', 'The search index has lost its progress mark (search_progress)');
    const last = statements.lastId.get()?.last ?? 0;
    return last > mark.indexed_through ? { mark: mark.indexed_through, last } : undefined;
  }
}

/** What one slice did: see {@link SearchIndexer.#slice}. */
type SliceOutcome = 'done' | 'more' | 'locked' | { failure: string };
