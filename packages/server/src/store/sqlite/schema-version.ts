// Which schema a database file is at, read without writing to it: the migrations it has had, against those this
// server knows, so a start can refuse a database that a newer iChat wrote before anything touches it.

import { existsSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATION_NAMES } from '../migrations/index.js';

/** Kysely's record of applied migrations (its default table name). */
const MIGRATION_TABLE = 'kysely_migration';

/** A database file's schema, as far as this server is concerned. */
export interface SchemaState {
  /** Migrations the database has had, in the order they run. Empty for a new (or missing) file. */
  readonly applied: readonly string[];
  /** Migrations this server knows that the database has not had yet: they run at the next start. */
  readonly pending: readonly string[];
  /** Migrations the database has had that this server does not know: a newer (or another) version wrote it. */
  readonly unknown: readonly string[];
}

/** The newest migration this server knows, which names the schema it writes. */
export function latestKnownMigration(): string {
  return MIGRATION_NAMES.at(-1) ?? 'none';
}

/**
 * Reads a database file's applied migrations through a read-only connection: the file's bytes stay as they are (a
 * database in WAL mode gets SQLite's empty side files if it had none). A missing or empty file is a new database.
 *
 * @throws SQLite's own errors (not a database, damaged, locked), for the caller to word.
 */
export function readSchemaState(path: string): SchemaState {
  return schemaStateOf(existsSync(path) && statSync(path).size > 0 ? appliedMigrations(path) : []);
}

/** The schema state of a database that has had the `applied` migrations, whichever its dialect. */
export function schemaStateOf(applied: readonly string[]): SchemaState {
  const done = new Set(applied);
  const known = new Set(MIGRATION_NAMES);
  return {
    applied,
    pending: MIGRATION_NAMES.filter((name) => !done.has(name)),
    unknown: applied.filter((name) => !known.has(name)),
  };
}

function appliedMigrations(path: string): string[] {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const table: unknown = db.prepare("select name from sqlite_master where type = 'table' and name = ?").get(MIGRATION_TABLE);
    if (table === undefined) return [];
    return db
      .prepare(`select name from ${MIGRATION_TABLE} order by name`)
      .pluck()
      .all()
      .filter((name): name is string => typeof name === 'string');
  } finally {
    db.close();
  }
}

/**
 * Why this server must not open a database at `state`, as the end of a sentence about the file, or undefined when it
 * may (its migrations are all known; pending ones run at start).
 */
export function newerSchemaProblem(state: SchemaState): string | undefined {
  if (state.unknown.length === 0) return undefined;
  return (
    `was written by a newer iChat (it has had migration ${state.unknown.join(', ')}; this server knows up to ` +
    `${latestKnownMigration()}), and is left as it is: run that newer version, or restore the backup made before the upgrade`
  );
}
