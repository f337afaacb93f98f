// Creates many accounts with session tokens at once, for load tests and demos, through the store like any account.

import { normaliseEmail, normaliseUsername } from '@ichat/protocol';
import { openStore } from '../preflight.js';
import { isPostgresUrl } from '../store/database-url.js';
import { hashPassword } from './passwords.js';
import { newToken, tokenHash } from './tokens.js';

const SEED_CHUNK = 500;
/**
 * On PostgreSQL each write holds one of the pool's ten connections, and a query waiting longer than the pool's
 * connection timeout for one fails: a chunk of the pool's size keeps every write on a connection at once.
 */
const POSTGRES_SEED_CHUNK = 10;

export interface SeedOptions {
  /** The server's database (`DATABASE_URL`: a SQLite path or a `postgres://` URL); the server may be running on it. */
  database: string;
  /** The server's `SECRET_KEY`: tokens are stored as its HMAC, so they must be made with the same one. */
  secret: string;
  accounts: readonly { email: string; username: string }[];
  /** Every seeded account's password. Hashed once and shared, which is what makes seeding fast: see below. */
  password: string;
  /** How long the tokens last. */
  tokenTtlMs: number;
}

/**
 * Creates the accounts and one session token for each, and returns the tokens in the same order. Registering
 * 10,000 accounts over HTTP would cost 10,000 argon2 hashes (slow on purpose, and limited per address), which a load
 * test has no use for: here one hash is made and shared. Accounts are created through the store, so every rule of a
 * real account holds (unique, case-insensitive e-mail and username).
 *
 * @throws {IChatError} `validation_failed` for a malformed e-mail or username, `email_taken`, `username_taken`.
 * @example
 * ```ts
 * const [token] = await seedAccounts({ database, secret, accounts: [{ email: 'a@b.test', username: 'a' }],
 *   password: 'a long password', tokenTtlMs: 3_600_000 });
 * ```
 */
export async function seedAccounts(options: SeedOptions): Promise<string[]> {
  const passwordHash = await hashPassword(options.password);
  // SQLite or PostgreSQL, as the server would open it (migrated).
  const store = await openStore(options.database);
  try {
    const now = Date.now();
    const seedOne = async (account: { email: string; username: string }): Promise<string> => {
      const user = await store.users.create({
        email: normaliseEmail(account.email),
        username: normaliseUsername(account.username),
        passwordHash,
        createdAt: now,
      });
      const token = newToken();
      await store.tokens.create(tokenHash(options.secret, token), { userId: user.id, createdAt: now, expiresAt: now + options.tokenTtlMs });
      return token;
    };
    // Writes wait for the store's shared log flush; a chunk in flight together shares each flush instead of one each.
    const tokens: string[] = [];
    const chunk = isPostgresUrl(options.database) ? POSTGRES_SEED_CHUNK : SEED_CHUNK;
    for (let at = 0; at < options.accounts.length; at += chunk) {
      tokens.push(...(await Promise.all(options.accounts.slice(at, at + chunk).map(seedOne))));
    }
    return tokens;
  } finally {
    await store.close();
  }
}
