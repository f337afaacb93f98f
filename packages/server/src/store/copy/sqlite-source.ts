// The SQLite database a copy reads from, held exclusively so no server writes to it (or starts on it) meanwhile.

import { existsSync, statSync } from 'node:fs';
import { IChatError } from '@ichat/protocol';
import BetterSqlite3 from 'better-sqlite3';
import { isPostgresUrl, sqlitePath } from '../database-url.js';
import { newerSchemaProblem, schemaStateOf } from '../sqlite/schema-version.js';
import type { CopiedTable } from './copied-tables.js';

/** A row as better-sqlite3 returns it: column name to value. */
export type Row = Record<string, unknown>;

/** A batch of rows in rowid order, and the rowid of its last row. */
export interface SourceBatch {
  readonly rows: Row[];
  readonly lastRowid: number;
}

/** The name the batch's rowid is read under, one no table has as a column. */
const ROWID = '__copy_rowid';

function refuse(what: string): never {
  throw new IChatError('validation_failed', `--database / DATABASE_URL ${what}`, { field: 'database' });
}

function isBusy(error: unknown): boolean {
  const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export class SqliteSource {
  readonly path: string;
  readonly #db: BetterSqlite3.Database;

  private constructor(path: string, db: BetterSqlite3.Database) {
    this.path = path;
    this.#db = db;
  }

  /**
   * Opens the configured SQLite database for a copy, in SQLite's exclusive locking mode: a server that has it open
   * (which holds it as long as it runs) makes the first read fail, and is named as the reason; once the copy holds it,
   * a server started on it waits, then refuses. Refuses a missing, empty or not yet migrated database.
   *
   * @throws {IChatError} `validation_failed` naming `--database / DATABASE_URL`.
   */
  static open(url: string): SqliteSource {
    if (isPostgresUrl(url)) refuse('already names PostgreSQL: migrate copies a SQLite database into PostgreSQL');
    const path = sqlitePath(url);
    if (path === ':memory:') refuse('is :memory:, which holds nothing to copy: name the SQLite file');
    if (!existsSync(path)) refuse(`names ${path}, which does not exist: name the SQLite file to copy`);
    if (statSync(path).size === 0) refuse(`names ${path}, which is empty: there is nothing to copy`);
    let db: BetterSqlite3.Database | undefined;
    try {
      db = new BetterSqlite3(path, { fileMustExist: true });
      db.pragma('busy_timeout = 1000');
      db.pragma('locking_mode = EXCLUSIVE');
      // The first read takes the lock, and keeps it until the connection closes.
      const source = new SqliteSource(path, db);
      source.#checkSchema();
      return source;
    } catch (error) {
      db?.close();
      if (isBusy(error)) {
        refuse(`names ${path}, which another process has open (a running ichat-server?): stop the server first, then copy`);
      }
      throw error;
    }
  }

  #checkSchema(): void {
    const table: unknown = this.#db.prepare("select name from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
    const applied = table === undefined ? [] : this.#db.prepare('select name from kysely_migration order by name').pluck().all().map(String);
    const state = schemaStateOf(applied);
    if (applied.length === 0) refuse(`names ${this.path}, which is not an iChat database (it has no migrations)`);
    const newer = newerSchemaProblem(state);
    if (newer !== undefined) refuse(`names ${this.path}, which ${newer}`);
    if (state.pending.length > 0) {
      refuse(
        `names ${this.path}, which is at schema ${applied.at(-1) ?? ''}: start this version of ichat-server on it once (it ` +
          `applies ${state.pending.join(', ')}), stop it, then copy`,
      );
    }
  }

  /** The table's columns, in their order. */
  columns(table: string): string[] {
    return this.#db
      .prepare('select name from pragma_table_info(?) order by cid')
      .pluck()
      .all(table)
      .map(String);
  }

  /** Rows in the table, all of them or those up to a rowid. */
  count(table: string, throughRowid = Number.MAX_SAFE_INTEGER): number {
    return Number(this.#db.prepare(`select count(*) from "${table}" where rowid <= ?`).pluck().get(throughRowid));
  }

  /** The next rows after a rowid, in rowid order (the id, for tables that have one). */
  batch(table: string, columns: readonly string[], afterRowid: number, limit: number): SourceBatch {
    const list = columns.map((column) => `"${column}"`).join(', ');
    const rows = this.#db.prepare(`select rowid as "${ROWID}", ${list} from "${table}" where rowid > ? order by rowid limit ?`).all(afterRowid, limit) as Row[];
    const last = rows.at(-1);
    const lastRowid = last === undefined ? afterRowid : Number(last[ROWID]);
    for (const row of rows) delete row[ROWID];
    return { rows, lastRowid };
  }

  /** The highest id the table has ever handed out: SQLite's AUTOINCREMENT counter, which deletions do not lower. */
  highestId(table: string): number {
    const max = Number(this.#db.prepare(`select coalesce(max(id), 0) from "${table}"`).pluck().get());
    const counter: unknown = this.#db.prepare('select seq from sqlite_sequence where name = ?').pluck().get(table);
    return Math.max(max, typeof counter === 'number' ? counter : 0);
  }

  /** Every row, in the table's key order, for comparison with the copy. */
  ordered(table: CopiedTable, columns: readonly string[]): IterableIterator<Row> {
    const list = columns.map((column) => `"${column}"`).join(', ');
    const order = table.key.map((part) => `"${part.column}"`).join(', ');
    return this.#db.prepare(`select ${list} from "${table.name}" order by ${order}`).iterate() as IterableIterator<Row>;
  }

  close(): void {
    this.#db.close();
  }
}
