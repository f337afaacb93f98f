// The server secret: from config, or in development a generated one kept beside the database.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sqlitePath } from './store/sqlite/database.js';

/**
 * Returns the configured secret, or reads (creating on first run) `secret.key` in the database's folder, so tokens
 * survive restarts in development without any setup. An in-memory database gets a secret for this process only.
 */
export function resolveSecret(configured: string, databaseUrl: string): string {
  if (configured !== '') return configured;
  const database = sqlitePath(databaseUrl);
  if (database === ':memory:') return randomBytes(32).toString('base64url');
  const file = join(dirname(database), 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}
