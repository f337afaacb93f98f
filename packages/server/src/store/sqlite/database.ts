// Opens the SQLite file with the pragmas iChat relies on and wraps it for Kysely.

import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { sqlitePath } from '../database-url.js';
import type { Database } from './schema.js';

const SAFETY_CHECKPOINT_PAGES = 16_384;
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** An open database: the raw handle for prepared hot-path statements and Kysely for everything else. */
export interface OpenDatabase {
  raw: BetterSqlite3.Database;
  db: Kysely<Database>;
  /** The database file, or undefined for an in-memory database (which has no log to flush or checkpoint). */
  path: string | undefined;
}

export function openDatabase(url: string): OpenDatabase {
  const path = sqlitePath(url);
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true });
    // Messages and password hashes are nobody else's business: a new database is the owner's alone (600), and SQLite
    // gives its -wal and -shm files the database file's mode. 'a' creates it if missing and leaves an existing one
    // (and any mode its operator chose) as it is.
    closeSync(openSync(path, 'a', 0o600));
  }
  const raw = new BetterSqlite3(path);
  // First, so that every later statement, these pragmas included, waits for another process's lock (an `admin`
  // command's commit) instead of failing at once.
  raw.pragma('busy_timeout = 5000');
  raw.pragma('journal_mode = WAL');
  // NORMAL: a commit writes the log but does not fsync it. The store fsyncs the log off the event loop (WalFlusher)
  // before any write is acknowledged, which keeps FULL's guarantee (an acknowledged write survives power loss)
  // without making the event loop wait on the disk.
  raw.pragma('synchronous = NORMAL');
  // Checkpoints (copying the log into the database, with two fsyncs) run on a thread of their own (Checkpointer).
  // This connection checkpoints only as a safety net, should the log ever grow this large (pages of 4 KiB).
  raw.pragma(`wal_autocheckpoint = ${SAFETY_CHECKPOINT_PAGES}`);
  // After a checkpoint lets the log start over, a log that grew past this is truncated back to it.
  raw.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  raw.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  return { raw, db, path: path === ':memory:' ? undefined : path };
}
