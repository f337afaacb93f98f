// The webhook signature: HMAC-SHA256 over "<timestamp>.<body>", so a receiver can tell our requests from anyone's and
// refuse an old one replayed.

import { createHmac, randomBytes } from 'node:crypto';

/** The version prefix of the signature header: a later scheme can be sent beside this one without breaking receivers. */
const SCHEME = 'v1';

/**
 * The `ichat-signature` header's value for a body sent at `timestamp` (Unix seconds).
 *
 * @example
 * ```ts
 * signWebhook('whsec_…', 1764590400, '{"id":"…"}'); // 'v1=5d41…'
 * ```
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `${SCHEME}=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A new endpoint's signing secret: 32 random bytes, with a prefix that says what it is wherever it is pasted. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
