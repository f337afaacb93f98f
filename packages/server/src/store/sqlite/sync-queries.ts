// Runs Kysely-built queries synchronously on better-sqlite3, with a statement cache.
//
// Kysely builds portable SQL; executing it through better-sqlite3 directly (instead of Kysely's async driver) lets
// several statements run inside one synchronous transaction, so no other query can interleave with a half-done
// write, and it skips a promise per statement on the hot path.

import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';

/** Anything Kysely can compile: a select, insert, update or delete builder. */
export interface Compilable<Row> {
  compile(): CompiledQuery<Row>;
}

const STATEMENT_CACHE_SIZE = 500;

/** Turns what a statement threw into what the store's caller should see (a full disk into a typed error). */
export type ErrorTranslator = (error: unknown) => unknown;

export class SyncQueries {
  readonly #raw: BetterSqlite3.Database;
  readonly #translate: ErrorTranslator;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  /**
   * One transaction wrapper for every write, running the work it is handed. better-sqlite3 builds a wrapper and its
   * four variants on each `transaction(fn)` call: a fifth of the instructions of a one-message group commit.
   */
  readonly #inTransaction: BetterSqlite3.Transaction<(work: () => unknown) => unknown>;

  constructor(raw: BetterSqlite3.Database, translate: ErrorTranslator = (error) => error) {
    this.#raw = raw;
    this.#translate = translate;
    this.#inTransaction = raw.transaction((work: () => unknown) => work());
  }

  /** All rows. Rows come back in the shape Kysely inferred from the schema; the database is ours, so it is trusted. */
  all<Row>(query: Compilable<Row>): Row[] {
    const compiled = query.compile();
    try {
      return this.#statement(compiled.sql).all(...compiled.parameters) as Row[];
    } catch (error) {
      throw this.#translate(error);
    }
  }

  first<Row>(query: Compilable<Row>): Row | undefined {
    const compiled = query.compile();
    try {
      return this.#statement(compiled.sql).get(...compiled.parameters) as Row | undefined;
    } catch (error) {
      throw this.#translate(error);
    }
  }

  run(query: Compilable<unknown>): BetterSqlite3.RunResult {
    const compiled = query.compile();
    try {
      return this.#statement(compiled.sql).run(...compiled.parameters);
    } catch (error) {
      throw this.#translate(error);
    }
  }

  /**
   * Runs `work` in one write transaction (nested calls become savepoints). If anything in it throws, or the commit
   * itself fails (SQLITE_FULL when the log cannot grow), the whole transaction is rolled back and nothing of it stays.
   */
  transaction<T>(work: () => T): T {
    // IMMEDIATE takes the write lock up front, where SQLite's busy timeout applies. A deferred transaction that reads
    // first and then writes fails at once with SQLITE_BUSY if another process (a backup, `admin grant`) holds the
    // lock at that moment, instead of waiting for it.
    try {
      // The wrapper returns what `work` returned.
      return this.#inTransaction.immediate(work) as T;
    } catch (error) {
      throw this.#translate(error);
    }
  }

  #statement(sql: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      // Queries with IN lists of many lengths make many texts; keep the cache bounded by dropping the oldest.
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.#statements.keys().next();
        if (oldest.done !== true) this.#statements.delete(oldest.value);
      }
      statement = this.#raw.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
