// Reads DATABASE_URL: a PostgreSQL database, or the SQLite file (or memory) it names, and why a value names none this
// server can open.

import { resolve } from 'node:path';

const IN_MEMORY = ':memory:';
const SQLITE_PREFIX = 'sqlite:///';
/** A URL scheme. Two letters at least, so a Windows drive (`C:\data\ichat.db`) still reads as a plain path. */
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

/** Whether `url` names a PostgreSQL database (`postgres://…` or `postgresql://…`) rather than a SQLite file. */
export function isPostgresUrl(url: string): boolean {
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  return scheme === 'postgres' || scheme === 'postgresql';
}

/**
 * A PostgreSQL URL as it may be shown in logs and errors: its password replaced by `***`.
 *
 * @example
 * ```ts
 * redactedPostgresUrl('postgres://ichat:secret@db:5432/ichat'); // 'postgres://ichat:***@db:5432/ichat'
 * ```
 */
export function redactedPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the PostgreSQL URL';
  }
}

/**
 * Why `url` names no database this server can open, or undefined when it names one: `postgres://…` (or
 * `postgresql://…`) with a host, `sqlite:///abs/path`, `sqlite:///./rel/path`, a plain path, or `:memory:`. Pure: the
 * filesystem, and PostgreSQL's answer, are checked at start, separately.
 */
export function databaseUrlProblem(url: string): string | undefined {
  if (url.trim() === '') return 'must name a database: a SQLite file (sqlite:///path/ichat.db), :memory: or postgres://user:password@host/database';
  if (url === IN_MEMORY) return undefined;
  if (isPostgresUrl(url)) {
    if (!URL.canParse(url)) return 'is not a valid PostgreSQL URL: use postgres://user:password@host:5432/database';
    return new URL(url).hostname === '' ? 'names no host: use postgres://user:password@host:5432/database' : undefined;
  }
  if (url.toLowerCase().startsWith('sqlite:')) {
    if (!url.startsWith(SQLITE_PREFIX) || url.length === SQLITE_PREFIX.length) {
      return 'must be sqlite:///absolute/path or sqlite:///./relative/path (three slashes, then the file)';
    }
  } else {
    const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
    if (scheme !== undefined) {
      return `has the scheme "${scheme}:", which this server does not open: use postgres://…, sqlite:///path/ichat.db, a plain path or :memory:`;
    }
  }
  if (/[/\\]$/.test(url)) return 'names a folder; name the database file in it, such as ichat.db';
  return undefined;
}

/**
 * Turns a valid `DATABASE_URL` (see {@link databaseUrlProblem}) into a file path, or `:memory:`. `sqlite:///./x.db`
 * is relative to the working directory, as the original app wrote it.
 */
export function sqlitePath(url: string): string {
  if (url === IN_MEMORY) return url;
  const path = url.startsWith(SQLITE_PREFIX) ? url.slice(SQLITE_PREFIX.length - 1) : url;
  // "sqlite:///./x.db" leaves "/./x.db": a relative path written after the URL's empty host.
  return resolve(path.startsWith('/./') || path.startsWith('/../') ? path.slice(1) : path);
}

/** Why a PostgreSQL database cannot be used, for a refusal: what the driver said, and what to check. */
export function postgresUnreachable(error: unknown): string {
  return `cannot be reached or opened (${innermostMessage(error)}): start PostgreSQL, or check the host, port, user, password and database name`;
}

/** The innermost message of an error and its causes: what the driver or the system said. */
function innermostMessage(error: unknown): string {
  let current: unknown = error;
  let message = String(error);
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current.message !== '') message = current.message;
    current = current.cause;
  }
  return message;
}
