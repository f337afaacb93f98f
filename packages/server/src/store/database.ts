// Opens the SQLite file with the pragmas iChat relies on and wraps it for Kysely.

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';

/**
 * Turns `DATABASE_URL` into a file path: `sqlite:///abs/path`, `sqlite:///./rel/path` (relative to the working
 * directory, as the original app wrote it), a plain path, or `:memory:`.
 */
export function sqlitePath(url: string): string {
  if (url === ':memory:') return url;
  const path = url.startsWith('sqlite://') ? url.slice('sqlite://'.length) : url;
  // "sqlite:///./x.db" leaves "/./x.db": a relative path written after the URL's empty host.
  return resolve(path.startsWith('/./') || path.startsWith('/../') ? path.slice(1) : path);
}

/** An open database: the raw handle for prepared hot-path statements and Kysely for everything else. */
export interface OpenDatabase {
  raw: BetterSqlite3.Database;
  db: Kysely<Database>;
}

export function openDatabase(url: string): OpenDatabase {
  const path = sqlitePath(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  // With WAL, NORMAL loses no committed transaction on a process crash; only an OS crash could drop the last ones.
  // iChat acks after commit, so FULL makes every ack survive power loss too, at the cost of an fsync per batch,
  // which group commit amortises.
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  return { raw, db };
}
