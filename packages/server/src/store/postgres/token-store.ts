// Tokens over PostgreSQL: one row per token hash.

import type { TokenRecord, TokenStore } from '../contract/token-store.js';
import type { PostgresConnection } from './connection.js';

export class PostgresTokenStore implements TokenStore {
  readonly #c: PostgresConnection;

  constructor(connection: PostgresConnection) {
    this.#c = connection;
  }

  async create(tokenHash: string, record: TokenRecord & { createdAt: number }): Promise<void> {
    await this.#c.write((db) =>
      db
        .insertInto('tokens')
        .values({ token_hash: tokenHash, user_id: record.userId, created_at: record.createdAt, expires_at: record.expiresAt })
        .execute(),
    );
  }

  async find(tokenHash: string): Promise<TokenRecord | undefined> {
    const row = await this.#c.read((db) =>
      db.selectFrom('tokens').select(['user_id', 'expires_at']).where('token_hash', '=', tokenHash).executeTakeFirst(),
    );
    return row === undefined ? undefined : { userId: row.user_id, expiresAt: row.expires_at };
  }

  async delete(tokenHash: string): Promise<void> {
    await this.#c.write((db) => db.deleteFrom('tokens').where('token_hash', '=', tokenHash).execute());
  }

  async deleteAllOf(userId: number): Promise<string[]> {
    const rows = await this.#c.write((db) => db.deleteFrom('tokens').where('user_id', '=', userId).returning('token_hash').execute());
    return rows.map((row) => row.token_hash);
  }
}
