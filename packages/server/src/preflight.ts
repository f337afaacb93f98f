// Start-up checks: the database's folder and the static folder, looked at before anything is created, and the
// database itself, opened and proved usable before anyone is served.

import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { IChatError } from '@ichat/protocol';
import { OPTIONS } from './config.js';
import { weakSecretProblem } from './secret.js';
import type { Store } from './store/contract/store.js';
import { isPostgresUrl, postgresUnreachable, redactedPostgresUrl, sqlitePath } from './store/database-url.js';
import { PostgresStore } from './store/postgres/postgres-store.js';
import { newerSchemaProblem, readSchemaState, type SchemaState } from './store/sqlite/schema-version.js';
import { SqliteStore, type SqliteStoreOptions } from './store/sqlite/sqlite-store.js';

function refuse(key: keyof typeof OPTIONS, what: string): never {
  const spec = OPTIONS[key];
  throw new IChatError('validation_failed', `--${spec.flag} / ${spec.env} ${what}`, { field: key });
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses a database the server could not create or write: the file is a folder or read-only, or its folder cannot
 * be made (a file stands in its way) or written (the log, the shared-memory file and secret.key go beside the
 * database). Only looks: nothing is created, so a refused start leaves the disk as it was.
 *
 * @throws {IChatError} `validation_failed` naming `--database / DATABASE_URL`.
 */
export function checkDatabaseLocation(url: string): void {
  // A PostgreSQL database is on its server: there is nothing on this disk to look at.
  if (isPostgresUrl(url)) return;
  const path = sqlitePath(url);
  if (path === ':memory:') return;
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) refuse('database', `names ${path}, which is a folder; name the database file in it`);
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
    } catch {
      refuse('database', `names ${path}, which this process cannot read and write`);
    }
  }
  const folder = dirname(path);
  // The nearest folder that exists is the one the missing ones would be created in.
  let existing = folder;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  if (!statSync(existing).isDirectory()) refuse('database', `needs the folder ${folder}, which cannot be created: ${existing} is a file`);
  if (!writable(existing)) {
    refuse(
      'database',
      existing === folder
        ? `is in ${folder}, which this process cannot write`
        : `needs the folder ${folder}, which cannot be created: ${existing} is not writable`,
    );
  }
}

/**
 * Refuses a configured static folder that does not exist or has no index.html (the page served at /). The default,
 * unset, serves the built widget when there is one and nothing otherwise.
 *
 * @throws {IChatError} `validation_failed` naming `--static-dir / ICHAT_STATIC_DIR`.
 */
export function checkStaticDir(dir: string): void {
  if (dir === '') return;
  const folder = resolve(dir);
  if (!existsSync(folder)) refuse('staticDir', `names ${folder}, which does not exist`);
  if (!statSync(folder).isDirectory()) refuse('staticDir', `names ${folder}, which is not a folder`);
  if (!existsSync(join(folder, 'index.html'))) refuse('staticDir', `names ${folder}, which has no index.html`);
}

/**
 * Refuses, in production, a configured secret that is an example placeholder or shorter than 32 characters: a key
 * anyone can read in the examples, or short enough to guess, is no secret. In development the same problem is
 * returned as a warning to log, so a short test secret still starts.
 *
 * @throws {IChatError} `validation_failed` naming `--secret / SECRET_KEY`, in production only.
 */
export function checkSecret(secret: string, production: boolean): string | undefined {
  const problem = weakSecretProblem(secret);
  if (problem === undefined) return undefined;
  if (production) refuse('secret', problem);
  const spec = OPTIONS.secret;
  return `--${spec.flag} / ${spec.env} ${problem} (refused when NODE_ENV=production)`;
}

/**
 * Refuses a PostgreSQL database without a configured secret: the nodes sharing the database must sign and check
 * tokens with one key, and there is no database folder to keep a generated `secret.key` in.
 *
 * @throws {IChatError} `validation_failed` naming `--secret / SECRET_KEY`.
 */
export function checkSharedSecret(secret: string, databaseUrl: string): void {
  if (secret === '' && isPostgresUrl(databaseUrl)) {
    refuse('secret', 'must be set when DATABASE_URL names PostgreSQL: every node signs and checks tokens with it (openssl rand -base64 32 makes one)');
  }
}

/** The error's code (SQLite's result code name, or Node's errno name) and message, looking through wrapped causes. */
function rootCause(error: unknown): { code: string; message: string } | undefined {
  let current: unknown = error;
  // Bounded: causes are chained by hand, a few deep at most (a migration failure wraps SQLite's error).
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code: unknown = Reflect.get(current, 'code');
    if (typeof code === 'string' && (code.startsWith('SQLITE_') || code.startsWith('E'))) return { code, message: current.message };
    current = current.cause;
  }
  return undefined;
}

/** Why SQLite's error at open means the database cannot be served, as the end of a refusal; undefined for other errors. */
function databaseProblem(code: string, message: string): string | undefined {
  if (code === 'SQLITE_NOTADB') return `is not a SQLite database (${message}): name the right file, or restore it from a backup`;
  if (code.startsWith('SQLITE_CORRUPT')) return `is damaged (${message}): restore it from a backup`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return `another process holds locked (${message}, still after 5 seconds): stop that process, or start again once it is done`;
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'EROFS' || code === 'EACCES') {
    return `cannot be opened for writing (${message})`;
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return `cannot be written because its disk is full (${message}): free some space`;
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return `cannot be read or written (${message}): check the disk`;
  return undefined;
}

/**
 * Reads the database's schema without writing to it, and refuses one that a newer iChat wrote: its migrations would
 * not match the code, and opening it the usual way would already change it (WAL mode, then migrations). A file that
 * is not a database, is damaged or is locked is refused like a bad setting, one line naming the file and what is wrong.
 *
 * @throws {IChatError} `validation_failed` naming `--database / DATABASE_URL`; other errors as they are.
 */
export function checkSchema(url: string): SchemaState {
  const path = sqlitePath(url);
  if (path === ':memory:') return readSchemaState(path);
  let state: SchemaState;
  try {
    state = readSchemaState(path);
  } catch (error) {
    refuseDatabase(url, error);
  }
  const problem = newerSchemaProblem(state);
  if (problem !== undefined) refuse('database', `names ${path}, which ${problem}`);
  return state;
}

/** Rethrows `error`, worded as a refusal of the database when SQLite's or the system's code says why. */
function refuseDatabase(url: string, error: unknown): never {
  const cause = rootCause(error);
  const problem = cause === undefined ? undefined : databaseProblem(cause.code, cause.message);
  if (problem === undefined) throw error;
  refuse('database', `names ${sqlitePath(url)}, which ${problem}`);
}

/**
 * Opens the database and applies migrations, proving it usable before the server serves anyone: it is a SQLite
 * database of a schema this server knows, not damaged as far as opening shows, and no other process holds its write
 * lock for longer than the busy timeout. A database that fails is refused like a bad setting, one line naming the file
 * and what is wrong, and is left as it was (nothing is written before these checks pass).
 *
 * @throws {IChatError} `validation_failed` naming `--database / DATABASE_URL`; other errors as they are.
 */
export async function openStore(url: string, options: SqliteStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(url)) return openPostgresStore(url, options);
  checkSchema(url);
  let store: SqliteStore | undefined;
  try {
    store = new SqliteStore(url, options);
    await store.migrate();
    return store;
  } catch (error) {
    await store?.close().catch(() => undefined);
    refuseDatabase(url, error);
  }
}

/**
 * Connects to PostgreSQL and proves it usable before anyone is served: it answers (within the pool's connection
 * timeout), and its schema is one this server knows; then pending migrations run. A database that fails is refused
 * with one line naming it (password hidden) and what is wrong, and is left as it was.
 */
async function openPostgresStore(url: string, options: SqliteStoreOptions): Promise<PostgresStore> {
  const name = redactedPostgresUrl(url);
  const store = new PostgresStore(url, options.onWriteState === undefined ? {} : { onWriteState: options.onWriteState });
  try {
    await store.ping();
    const problem = newerSchemaProblem(await store.schemaState());
    if (problem !== undefined) refuse('database', `names ${name}, which ${problem}`);
    await store.migrate();
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    if (error instanceof IChatError && error.code === 'validation_failed') throw error;
    if (error instanceof IChatError && error.code === 'internal') throw error;
    refuse('database', `names ${name}, which ${postgresUnreachable(error)}`);
  }
}
