// `ichat-server --check`: the configuration, the runtime and the database, checked as a start would check them, with
// nothing started, created or migrated.

import { loadJwtKeys } from './auth/jwt-keys.js';
import { configWarnings, type Config } from './config.js';
import { checkDatabaseLocation, checkSchema, checkSecret, checkSharedSecret, checkStaticDir } from './preflight.js';
import { isPostgresUrl, redactedPostgresUrl, sqlitePath } from './store/database-url.js';
import { latestKnownMigration, type SchemaState } from './store/sqlite/schema-version.js';
import { isNativeUws, loadUws } from './ws/uws-adapter.js';

/** One sentence on the database's schema against this server's. */
function schemaLine(path: string, state: SchemaState): string {
  if (path === ':memory:') return `database: in memory, created at each start with schema ${latestKnownMigration()}`;
  if (state.applied.length === 0) return `database: ${path} is new; the first start creates it with schema ${latestKnownMigration()}`;
  const at = `database: ${path} is at schema ${state.applied.at(-1) ?? ''}`;
  if (state.pending.length === 0) return `${at}, up to date`;
  const count = state.pending.length === 1 ? '1 migration' : `${state.pending.length} migrations`;
  return `${at}; ${count} pending (${state.pending.join(', ')}), applied at the next start`;
}

/**
 * Runs every check a start runs before it serves (the settings that need the filesystem, the Node.js version and
 * uWebSockets.js's native binary, the database's folder and schema) and writes one line for each that passed. The
 * database is only read: pending migrations are reported, not applied, and a missing file is not created.
 *
 * @throws {IChatError} the first refusal, worded as the start would word it.
 */
export function checkInstallation(config: Config, write: (line: string) => void): void {
  checkStaticDir(config.staticDir);
  const secretWarning = checkSecret(config.secret, config.production);
  loadJwtKeys(config);
  write(`configuration: ok (port ${config.port}, ${config.production ? 'production' : 'development'})`);
  for (const warning of [...configWarnings(config), ...(secretWarning === undefined ? [] : [secretWarning])]) write(`warning: ${warning}`);
  const native = isNativeUws(loadUws(config.allowUwsFallback));
  write(`runtime: Node.js ${process.version} on ${process.platform}-${process.arch}, uWebSockets.js ${native ? 'native' : 'JavaScript fallback (allowed)'}`);
  checkSharedSecret(config.secret, config.database);
  if (isPostgresUrl(config.database)) {
    // Reaching it is a network call, which this synchronous check does not make: the start proves it (and refuses).
    write(`database: PostgreSQL at ${redactedPostgresUrl(config.database)}; its connection and schema are checked when the server starts`);
    return;
  }
  checkDatabaseLocation(config.database);
  write(schemaLine(sqlitePath(config.database), checkSchema(config.database)));
}
