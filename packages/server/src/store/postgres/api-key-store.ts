// API keys over PostgreSQL: one row per key, its name the primary key and its hash unique.

import { IChatError } from '@ichat/protocol';
import type { ApiKeyRecord, ApiKeyStore } from '../contract/api-key-store.js';
import { toApiKey, TOUCH_RESOLUTION_MS } from '../sqlite/api-key-store.js';
import type { PostgresConnection } from './connection.js';

export class PostgresApiKeyStore implements ApiKeyStore {
  readonly #c: PostgresConnection;

  constructor(connection: PostgresConnection) {
    this.#c = connection;
  }

  async create(name: string, keyHash: string, now: number): Promise<ApiKeyRecord> {
    // On conflict, not a read first: two nodes creating the same name race, and the primary key decides.
    const inserted = await this.#c.write((db) =>
      db
        .insertInto('api_keys')
        .values({ name, key_hash: keyHash, created_at: now })
        .onConflict((oc) => oc.column('name').doNothing())
        .returning('name')
        .executeTakeFirst(),
    );
    if (inserted === undefined) throw new IChatError('validation_failed', `An API key named "${name}" exists already`, { field: 'name' });
    return { name, createdAt: now, lastUsedAt: null };
  }

  async findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.#c.read((db) =>
      db.selectFrom('api_keys').select(['name', 'created_at', 'last_used_at']).where('key_hash', '=', keyHash).executeTakeFirst(),
    );
    return row === undefined ? undefined : toApiKey(row);
  }

  async touch(name: string, now: number): Promise<void> {
    await this.#c.write((db) =>
      db
        .updateTable('api_keys')
        .set({ last_used_at: now })
        .where('name', '=', name)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', now - TOUCH_RESOLUTION_MS)]))
        .execute(),
    );
  }

  async list(): Promise<ApiKeyRecord[]> {
    const rows = await this.#c.read((db) =>
      db.selectFrom('api_keys').select(['name', 'created_at', 'last_used_at']).orderBy('created_at').orderBy('name').execute(),
    );
    return rows.map(toApiKey);
  }

  async revoke(name: string): Promise<boolean> {
    const result = await this.#c.write((db) => db.deleteFrom('api_keys').where('name', '=', name).executeTakeFirst());
    return result.numDeletedRows > 0n;
  }
}
