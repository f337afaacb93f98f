// The server API's keys: made once and shown once, stored as a hash, checked on every server API request.

import { createHash, randomBytes } from 'node:crypto';
import { IChatError } from '@ichat/protocol';
import type { ApiKeyRecord, ApiKeyStore } from '../store/contract/store.js';

/** Every key starts with this, so a leaked one is recognisable (secret scanners, logs) and never taken for a session token. */
export const API_KEY_PREFIX = 'ichat_sk_';

const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The stored form of a key. Plain SHA-256, not a slow password hash and not a keyed HMAC: a key is 256 random bits,
 * so no guess list or brute force can find it from its hash, and a slow hash would only cost every request. Without
 * a server secret in it, `ichat-server api-key create` can mint keys with nothing but the database.
 */
export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/** Checks an API key's name: 1–64 letters, digits, `_`, `.` or `-`, so it reads well in a listing and a shell. */
export function checkApiKeyName(name: string): string {
  if (!NAME_PATTERN.test(name)) {
    throw new IChatError('validation_failed', 'An API key name is 1–64 letters, digits, "_", "." or "-"', { field: 'name' });
  }
  return name;
}

/** Makes a key, stores its hash under `name`, and returns the key: the only time it is ever seen. */
export async function createApiKey(store: ApiKeyStore, name: string, now: number): Promise<{ key: string; record: ApiKeyRecord }> {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const record = await store.create(checkApiKeyName(name), apiKeyHash(key), now);
  return { key, record };
}

/** The key's record when it is a current key (and its use is recorded), else undefined. */
export async function authenticateApiKey(store: ApiKeyStore, key: string, now: number): Promise<ApiKeyRecord | undefined> {
  if (!key.startsWith(API_KEY_PREFIX)) return undefined;
  const record = await store.findByHash(apiKeyHash(key));
  if (record !== undefined) await store.touch(record.name, now);
  return record;
}
