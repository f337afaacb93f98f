// API keys over SQLite: one row per key, its hash unique.

import { IChatError } from '@ichat/protocol';
import type { Selectable } from 'kysely';
import type { ApiKeyRecord, ApiKeyStore } from '../contract/api-key-store.js';
import type { SqliteConnection } from './connection.js';
import type { ApiKeysTable } from './schema.js';

/** A use is recorded at most once a minute per key, so that a busy backend does not write on every request. */
export const TOUCH_RESOLUTION_MS = 60_000;

export function toApiKey(row: Pick<Selectable<ApiKeysTable>, 'name' | 'created_at' | 'last_used_at'>): ApiKeyRecord {
  return { name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at };
}

export class SqliteApiKeyStore implements ApiKeyStore {
  readonly #c: SqliteConnection;

  constructor(connection: SqliteConnection) {
    this.#c = connection;
  }

  create(name: string, keyHash: string, now: number): Promise<ApiKeyRecord> {
    const { db, q } = this.#c;
    const stored = q.transaction(() => {
      if (q.first(db.selectFrom('api_keys').select('name').where('name', '=', name)) !== undefined) {
        throw new IChatError('validation_failed', `An API key named "${name}" exists already`, { field: 'name' });
      }
      q.run(db.insertInto('api_keys').values({ name, key_hash: keyHash, created_at: now }));
      return { name, createdAt: now, lastUsedAt: null };
    });
    return this.#c.durable(stored);
  }

  findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = this.#c.q.first(
      this.#c.db.selectFrom('api_keys').select(['name', 'created_at', 'last_used_at']).where('key_hash', '=', keyHash),
    );
    return Promise.resolve(row === undefined ? undefined : toApiKey(row));
  }

  touch(name: string, now: number): Promise<void> {
    this.#c.q.run(
      this.#c.db
        .updateTable('api_keys')
        .set({ last_used_at: now })
        .where('name', '=', name)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', now - TOUCH_RESOLUTION_MS)])),
    );
    return this.#c.durable(undefined);
  }

  list(): Promise<ApiKeyRecord[]> {
    const rows = this.#c.q.all(
      this.#c.db.selectFrom('api_keys').select(['name', 'created_at', 'last_used_at']).orderBy('created_at').orderBy('name'),
    );
    return Promise.resolve(rows.map(toApiKey));
  }

  revoke(name: string): Promise<boolean> {
    const result = this.#c.q.run(this.#c.db.deleteFrom('api_keys').where('name', '=', name));
    return this.#c.durable(result.changes > 0);
  }
}
