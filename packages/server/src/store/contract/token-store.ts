// The sessions part of the store contract: bearer tokens, kept only as their hashes.

/** A token's owner and expiry. */
export interface TokenRecord {
  userId: number;
  expiresAt: number;
}

/** Tokens, keyed by their HMAC: the store never sees a token itself. */
export interface TokenStore {
  /** Stores a token's hash with its owner, creation and expiry times. */
  create(tokenHash: string, record: TokenRecord & { createdAt: number }): Promise<void>;
  /**
   * The token's owner and expiry, or undefined when it is unknown or deleted. Expired tokens are still found: whether
   * a token has expired is the caller's to decide (it has the clock), and the caller deletes it then.
   */
  find(tokenHash: string): Promise<TokenRecord | undefined>;
  /** Forgets a token (logout, expiry). Deleting an unknown token is not an error. */
  delete(tokenHash: string): Promise<void>;
  /** Forgets every token of a user (a ban); returns the hashes forgotten, so their sockets can be found. */
  deleteAllOf(userId: number): Promise<string[]>;
}
