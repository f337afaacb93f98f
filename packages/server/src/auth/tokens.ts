// Session tokens: 256 random bits handed to the client once; the database keeps only a keyed hash.

import { createHmac, randomBytes } from 'node:crypto';

/** Makes a new token: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Hashes a token with the server secret. A stolen database alone then yields nothing that authenticates, and a
 * lookup by hash needs no constant-time comparison (the hash is not secret; the token is).
 */
export function tokenHash(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('base64url');
}
