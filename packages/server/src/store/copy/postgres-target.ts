// The PostgreSQL database a copy writes to: migrated to this server's schema, filled in batches that record how far
// each table got in the same transaction, so an interrupted copy continues where it stopped.

import { IChatError } from '@ichat/protocol';
import { sql, type RawBuilder } from 'kysely';
import { databaseUrlProblem, isPostgresUrl, postgresUnreachable, redactedPostgresUrl } from '../database-url.js';
import { PostgresConnection } from '../postgres/connection.js';
import { PostgresStore } from '../postgres/postgres-store.js';
import { searchWords } from '../postgres/search-words.js';
import { newerSchemaProblem } from '../sqlite/schema-version.js';
import type { CopiedTable } from './copied-tables.js';
import type { Row } from './sqlite-source.js';

/** Where an unfinished copy stands: one row per table, written with each batch. Dropped once a copy is verified. */
const PROGRESS_TABLE = 'ichat_copy_progress';

/** A table's progress in an unfinished copy: the SQLite rowid of the last row copied. */
export type CopyProgress = ReadonlyMap<string, number>;

/** An unfinished copy found in the target: which SQLite file it came from, and how far each table got. */
export interface UnfinishedCopy {
  readonly source: string;
  readonly progress: CopyProgress;
}

function refuse(what: string): never {
  throw new IChatError('validation_failed', `--to ${what}`, { field: 'to' });
}

const columnList = (columns: readonly string[], prefix?: string): RawBuilder<unknown> =>
  sql.join(columns.map((column) => (prefix === undefined ? sql.id(column) : sql.id(prefix, column))));

export class PostgresTarget {
  readonly name: string;
  readonly #connection: PostgresConnection;

  private constructor(name: string, connection: PostgresConnection) {
    this.name = name;
    this.#connection = connection;
  }

  /**
   * Connects, refuses a database a newer iChat migrated, and applies this server's migrations, so the target has
   * the source's schema (the source is refused unless it is at this server's newest).
   *
   * @throws {IChatError} `bad_request` for a URL that is not PostgreSQL's; `validation_failed` naming `--to` for a
   * database that cannot be reached or used.
   */
  static async open(url: string): Promise<PostgresTarget> {
    if (!isPostgresUrl(url)) throw new IChatError('bad_request', '--to must name a PostgreSQL database: postgres://user:password@host:5432/database', { field: 'to' });
    const problem = databaseUrlProblem(url);
    if (problem !== undefined) throw new IChatError('bad_request', `--to ${problem}`, { field: 'to' });
    const name = redactedPostgresUrl(url);
    const store = new PostgresStore(url);
    try {
      await store.ping();
      const newer = newerSchemaProblem(await store.schemaState());
      if (newer !== undefined) refuse(`names ${name}, which ${newer}`);
      await store.migrate();
    } catch (error) {
      // Refusals and a failed migration as they are; the store's `unavailable` (and any other fault) means unreachable.
      if (error instanceof IChatError && (error.code === 'validation_failed' || error.code === 'internal')) throw error;
      refuse(`names ${name}, which ${postgresUnreachable(error)}`);
    } finally {
      await store.close().catch(() => undefined);
    }
    return new PostgresTarget(name, new PostgresConnection(url, { poolSize: 2 }));
  }

  /** The table's columns, as this server's migrations made them. */
  async columns(table: string): Promise<string[]> {
    const rows = await this.#connection.read((db) =>
      sql<{ name: string }>`select column_name as name from information_schema.columns
        where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db),
    );
    return rows.rows.map((row) => row.name);
  }

  /** The unfinished copy this database holds, if any. */
  async unfinishedCopy(): Promise<UnfinishedCopy | undefined> {
    return this.#connection.read(async (db) => {
      const found = await sql<{ found: string | null }>`select to_regclass(${PROGRESS_TABLE})::text as found`.execute(db);
      const table = found.rows[0]?.found;
      if (table === null || table === undefined) return undefined;
      const rows = await sql<{ table_name: string; copied_through: number; source: string }>`select table_name, copied_through, source
        from ${sql.id(PROGRESS_TABLE)}`.execute(db);
      return { source: rows.rows[0]?.source ?? '', progress: new Map(rows.rows.map((row) => [row.table_name, row.copied_through])) };
    });
  }

  /** The first of the tables that has a row, if any does. */
  async firstTableWithRows(tables: readonly CopiedTable[]): Promise<string | undefined> {
    for (const table of tables) {
      const rows = await this.#connection.read((db) => sql<{ found: boolean }>`select exists (select from ${sql.id(table.name)}) as found`.execute(db));
      if (rows.rows[0]?.found === true) return table.name;
    }
    return undefined;
  }

  /** Starts recording a copy from `source`: every table at the beginning. */
  async startCopy(source: string, tables: readonly CopiedTable[]): Promise<void> {
    await this.#connection.transaction(async (trx) => {
      await sql`create table ${sql.id(PROGRESS_TABLE)} (
        table_name text primary key, copied_through bigint not null, source text not null)`.execute(trx);
      for (const table of tables) {
        await sql`insert into ${sql.id(PROGRESS_TABLE)} (table_name, copied_through, source) values (${table.name}, 0, ${source})`.execute(trx);
      }
    });
  }

  /**
   * Inserts a batch of rows, ids and all, and records the rowid of its last row, in one transaction. Messages get
   * their search words as the store writes them (a deleted message has none), since SQLite's index is not copied.
   */
  async insertBatch(table: string, columns: readonly string[], rows: readonly Row[], lastRowid: number): Promise<void> {
    const json = JSON.stringify(rows);
    await this.#connection.transaction(async (trx) => {
      if (table === 'messages') {
        const words = rows.map((row) => (row['deleted_at'] === null && typeof row['text'] === 'string' ? searchWords(row['text']) : ''));
        await sql`insert into messages (${columnList(columns)}, search)
          select ${columnList(columns, 'p')}, array_to_tsvector(string_to_array(w.words, ' '))
          from json_populate_recordset(null::messages, ${json}::json) with ordinality as p
          join unnest(${words}::text[]) with ordinality as w(words, n) on w.n = p.ordinality`.execute(trx);
      } else {
        await sql`insert into ${sql.id(table)} (${columnList(columns)})
          select ${columnList(columns)} from json_populate_recordset(null::${sql.id(table)}, ${json}::json)`.execute(trx);
      }
      await sql`update ${sql.id(PROGRESS_TABLE)} set copied_through = ${lastRowid} where table_name = ${table}`.execute(trx);
    });
  }

  /** Moves the table's identity sequence past `highestId`, so new rows get ids the copied ones never had. */
  async advanceIdentity(table: string, highestId: number): Promise<void> {
    await this.#connection.write((db) =>
      sql`select setval(pg_get_serial_sequence(${sql.lit(`"${table}"`)}, 'id'), ${Math.max(highestId, 1)}::bigint, ${highestId > 0})`.execute(db),
    );
  }

  /** Forgets the finished copy's progress: the target is now an ordinary iChat database. */
  async finishCopy(): Promise<void> {
    await this.#connection.write((db) => sql`drop table if exists ${sql.id(PROGRESS_TABLE)}`.execute(db));
  }

  /** Rows in a table. */
  async count(table: string): Promise<number> {
    const rows = await this.#connection.read((db) => sql<{ count: number }>`select count(*)::bigint as count from ${sql.id(table)}`.execute(db));
    return rows.rows[0]?.count ?? 0;
  }

  /** The next rows after `after` (a row's key values; none for the first page), in the key order SQLite uses. */
  async page(table: CopiedTable, columns: readonly string[], after: Row | undefined, limit: number): Promise<Row[]> {
    const keys = table.key.map((part) => (part.text ? sql`${sql.ref(part.column)} collate "C"` : sql.ref(part.column)));
    const from =
      after === undefined
        ? sql``
        : sql`where (${sql.join(keys)}) > (${sql.join(table.key.map((part) => after[part.column]))})`;
    const rows = await this.#connection.read((db) =>
      sql<Row>`select ${columnList(columns)} from ${sql.id(table.name)} ${from} order by ${sql.join(keys)} limit ${limit}`.execute(db),
    );
    return rows.rows;
  }

  close(): Promise<void> {
    return this.#connection.close();
  }
}
