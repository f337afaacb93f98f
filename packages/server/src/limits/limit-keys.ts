// Names of shared limit entries: a digest of what is counted, so e-mail addresses and client addresses never appear in
// the broker, and every name fits both Redis and NATS KV keys.

import { createHash } from 'node:crypto';

/** A short, key-safe digest of `value` (letters, digits, - and _). */
export function limitKey(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 24);
}
