// The server API's keys part of the store contract: named keys, kept only as hashes, with when each was last used.

/** An API key as it is listed: never the key itself, which is shown once when it is created. */
export interface ApiKeyRecord {
  name: string;
  createdAt: number;
  /** When a request last authenticated with it (to the minute), or null if none ever did. */
  lastUsedAt: number | null;
}

/** API keys, keyed by their hash: the store never sees a key itself. */
export interface ApiKeyStore {
  /**
   * Stores a new key's hash under a name.
   *
   * @throws {IChatError} `validation_failed` (field `name`) when a key with this name exists.
   */
  create(name: string, keyHash: string, now: number): Promise<ApiKeyRecord>;
  /** The key with this hash, or undefined (unknown or revoked). */
  findByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  /** Records a use of the key; a use within a minute of the last recorded one writes nothing. */
  touch(name: string, now: number): Promise<void>;
  /** Every key, oldest first. */
  list(): Promise<ApiKeyRecord[]>;
  /** Forgets a key, so it no longer authenticates; false when there is no key with this name. */
  revoke(name: string): Promise<boolean>;
}
