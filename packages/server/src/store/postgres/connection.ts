// The PostgreSQL pool the entity stores share: Kysely over `pg`, int8 read as numbers, storage faults as typed errors.

import type { Kysely as KyselyType } from 'kysely';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { WriteState } from '../contract/store.js';
import type { Database } from '../sqlite/schema.js';
import { postgresError, postgresFault } from './storage-errors.js';

const INT8_OID = 20;
/** Connections per store: a node's group commit uses one at a time; reads (auth, history, chat lists) share the rest. */
const DEFAULT_POOL_SIZE = 10;

export interface PostgresStoreOptions {
  /** The schema iChat's tables live in (put first on each connection's search_path); by default the user's own. */
  schema?: string;
  /** Connections in the pool. */
  poolSize?: number;
  /** Told when writes start being refused for want of room (PostgreSQL's disk_full) and when they resume. */
  onWriteState?: (state: WriteState, reason: string) => void;
}

/**
 * bigint (int8) columns come back as JavaScript numbers, not strings: ids, seqs and times (ms since the epoch) stay far
 * below 2^53, so no precision is lost, and the rows have the same shape as SQLite's.
 */
function numericInt8(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, 'text', (value: string) => Number(value));
  return types;
}

/** A schema name as an identifier in `search_path`: letters, digits and underscores only, so it needs no quoting. */
function checkedSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Schema name "${schema}" must be lower-case letters, digits and underscores`);
  return schema;
}

export class PostgresConnection {
  readonly #pool: pg.Pool;
  readonly #onWriteState: (state: WriteState, reason: string) => void;
  #writeState: WriteState = 'ok';
  readonly db: KyselyType<Database>;

  constructor(url: string, options: PostgresStoreOptions = {}) {
    this.#pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
      types: numericInt8(),
      // Fail a start (or a request) against a database that does not answer, rather than wait on the OS's timeout.
      connectionTimeoutMillis: 5_000,
      ...(options.schema === undefined ? {} : { options: `-c search_path=${checkedSchema(options.schema)}` }),
    });
    // An idle connection the server closed (a restart) is dropped from the pool; the next query opens a new one.
    this.#pool.on('error', () => undefined);
    // A connection lost while checked out (between the statements of a transaction) emits 'error' on its client, which
    // would end the process unheard. Its query fails on its own and the pool drops the broken client on release.
    this.#pool.on('connect', (client) => client.on('error', () => undefined));
    this.#onWriteState = options.onWriteState ?? (() => undefined);
    this.db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: this.#pool }) });
  }

  /** Runs `work` in one transaction (READ COMMITTED): it resolves once PostgreSQL has committed it, durably. */
  transaction<T>(work: (trx: KyselyType<Database>) => Promise<T>): Promise<T> {
    return this.#written(this.db.transaction().execute(work));
  }

  /** A single-statement write, committed on its own; resolves once committed. */
  write<T>(work: (db: KyselyType<Database>) => Promise<T>): Promise<T> {
    return this.#written(work(this.db));
  }

  /** A read; storage faults become typed errors as for writes. */
  async read<T>(work: (db: KyselyType<Database>) => Promise<T>): Promise<T> {
    try {
      return await work(this.db);
    } catch (error) {
      throw this.#translate(error);
    }
  }

  writeState(): WriteState {
    return this.#writeState;
  }

  async #written<T>(work: Promise<T>): Promise<T> {
    try {
      const result = await work;
      if (this.#writeState === 'full') this.#setWriteState('ok', 'a write was stored');
      return result;
    } catch (error) {
      throw this.#translate(error);
    }
  }

  /** Storage faults become typed, retryable errors; a database out of room is remembered for /healthz. */
  #translate(error: unknown): unknown {
    const fault = postgresFault(error);
    if (fault === undefined) return error;
    if (fault === 'full') this.#setWriteState('full', error instanceof Error ? error.message : String(error));
    return postgresError(fault, error);
  }

  #setWriteState(state: WriteState, reason: string): void {
    if (state === this.#writeState) return;
    this.#writeState = state;
    this.#onWriteState(state, reason);
  }

  close(): Promise<void> {
    // Kysely's destroy ends the pool it was given.
    return this.db.destroy();
  }
}
