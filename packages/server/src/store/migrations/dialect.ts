// Which SQL dialect a migration runs on, and the column shapes that differ between SQLite and PostgreSQL.

import { PostgresAdapter, type ColumnBuilderCallback, type Kysely } from 'kysely';

export type SqlDialect = 'sqlite' | 'postgres';

/** The dialect of the database `db` talks to, read from Kysely's adapter (migrations get no other handle). */
export function dialectOf(db: Kysely<unknown>): SqlDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * An auto-numbered primary key, as `addColumn('id', ...autoId(db))`: SQLite's rowid alias (AUTOINCREMENT, so ids are
 * never reused), PostgreSQL's identity column (bigint; its sequence never hands out a number twice either). The
 * columns that refer to it stay `integer`, which PostgreSQL compares with bigint in a foreign key.
 */
export function autoId(db: Kysely<unknown>): ['integer' | 'bigint', ColumnBuilderCallback] {
  return dialectOf(db) === 'postgres'
    ? ['bigint', (column) => column.primaryKey().generatedByDefaultAsIdentity()]
    : ['integer', (column) => column.primaryKey().autoIncrement()];
}
