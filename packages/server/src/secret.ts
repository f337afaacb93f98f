// The server secret: from config, or in development a generated one kept beside the database; and what makes a
// configured one too weak to protect tokens.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { IChatError } from '@ichat/protocol';
import { isPostgresUrl, sqlitePath } from './store/database-url.js';

/**
 * Returns the configured secret, or reads (creating on first run) `secret.key` in the database's folder, so tokens
 * survive restarts in development without any setup. An in-memory database gets a secret for this process only.
 */
export function resolveSecret(configured: string, databaseUrl: string): string {
  if (configured !== '') return configured;
  // Refused at start (checkSharedSecret) before this is reached; a PostgreSQL URL has no folder to keep a key in.
  if (isPostgresUrl(databaseUrl)) throw new IChatError('validation_failed', 'A secret must be configured with a PostgreSQL database', { field: 'secret' });
  const database = sqlitePath(databaseUrl);
  if (database === ':memory:') return randomBytes(32).toString('base64url');
  const file = join(dirname(database), 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

/** Shortest secret accepted: 32 characters is what `openssl rand -base64 32` and a generated secret.key go well past. */
export const MIN_SECRET_LENGTH = 32;

/**
 * Secrets that this project's own examples show. Copied as they stand they are public knowledge, however long,
 * so they are refused by name and not only by length.
 */
const PLACEHOLDER_SECRETS: ReadonlySet<string> = new Set(['change-me-to-a-long-random-string']);

/**
 * Why a configured secret is too weak to sign tokens with, as the end of a sentence naming the option; undefined when
 * it is unset (one is generated) or strong enough.
 */
export function weakSecretProblem(configured: string): string | undefined {
  if (configured === '') return undefined;
  if (PLACEHOLDER_SECRETS.has(configured.trim().toLowerCase())) {
    return 'is the example placeholder; set it to a random string, e.g. from `openssl rand -base64 32`';
  }
  if (configured.length < MIN_SECRET_LENGTH) {
    return `is ${configured.length} characters long; use at least ${MIN_SECRET_LENGTH}, e.g. from \`openssl rand -base64 32\``;
  }
  return undefined;
}
