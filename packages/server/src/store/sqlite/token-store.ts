// Tokens over SQLite: one row per token hash.

import type BetterSqlite3 from 'better-sqlite3';
import type { TokenRecord, TokenStore } from '../contract/token-store.js';
import type { SqliteConnection } from './connection.js';

export class SqliteTokenStore implements TokenStore {
  readonly #c: SqliteConnection;
  // SQLite-specific: a better-sqlite3 statement prepared once, because every socket's `auth` runs it.
  readonly #find: () => BetterSqlite3.Statement<[string], { user_id: number; expires_at: number }>;

  constructor(connection: SqliteConnection) {
    this.#c = connection;
    this.#find = connection.preparedOnFirstUse((raw) =>
      raw.prepare('select user_id, expires_at from tokens where token_hash = ?'),
    );
  }

  create(tokenHash: string, record: TokenRecord & { createdAt: number }): Promise<void> {
    this.#c.q.run(
      this.#c.db.insertInto('tokens').values({
        token_hash: tokenHash,
        user_id: record.userId,
        created_at: record.createdAt,
        expires_at: record.expiresAt,
      }),
    );
    return this.#c.durable(undefined);
  }

  find(tokenHash: string): Promise<TokenRecord | undefined> {
    const row = this.#find().get(tokenHash);
    return Promise.resolve(row === undefined ? undefined : { userId: row.user_id, expiresAt: row.expires_at });
  }

  delete(tokenHash: string): Promise<void> {
    this.#c.q.run(this.#c.db.deleteFrom('tokens').where('token_hash', '=', tokenHash));
    return this.#c.durable(undefined);
  }

  deleteAllOf(userId: number): Promise<string[]> {
    const rows = this.#c.q.all(this.#c.db.deleteFrom('tokens').where('user_id', '=', userId).returning('token_hash'));
    return this.#c.durable(rows.map((row) => row.token_hash));
  }
}
