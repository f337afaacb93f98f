// @ts-check
// Checks iChat's webhook signatures and keeps the events, once each: deliveries are at least once, so a retried
// delivery (same `ichat-webhook-id`) is acknowledged again but recorded only the first time.

import { createHmac, timingSafeEqual } from 'node:crypto';

/** Older timestamps are refused, so a captured request cannot be replayed later. */
const TOLERANCE_SECONDS = 300;

/**
 * @typedef {object} ReceivedEvent
 * @property {string} id
 * @property {string} type
 * @property {unknown} data
 * @property {number} receivedAt
 */

/**
 * Whether `signatureHeader` (`v1=<hex>`, possibly several, comma-separated) holds an HMAC-SHA256 of
 * `<timestamp>.<body>` with `secret`, and the timestamp is recent.
 * @param {{ secret: string, timestamp: string | undefined, signatureHeader: string | undefined, body: string, now?: number }} input
 * @returns {boolean}
 */
export function verifySignature({ secret, timestamp, signatureHeader, body, now = Date.now() }) {
  if (timestamp === undefined || signatureHeader === undefined || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  return signatureHeader.split(',').some((entry) => {
    const [version, hex] = entry.trim().split('=');
    if (version !== 'v1' || hex === undefined || !/^[0-9a-f]{64}$/.test(hex)) return false;
    return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
  });
}

export class WebhookLog {
  /** @type {ReceivedEvent[]} */
  events = [];
  #seen = new Set();
  /** Deliveries refused for a bad signature. */
  refused = 0;

  /**
   * Handles one delivery; answers the HTTP status to send back.
   * @param {{ secret: string, headers: Record<string, string | string[] | undefined>, body: string }} delivery
   * @returns {number}
   */
  receive({ secret, headers, body }) {
    const timestamp = single(headers['ichat-timestamp']);
    const signatureHeader = single(headers['ichat-signature']);
    const id = single(headers['ichat-webhook-id']);
    if (id === undefined || !verifySignature({ secret, timestamp, signatureHeader, body })) {
      this.refused += 1;
      return 401;
    }
    if (this.#seen.has(id)) return 204;
    this.#seen.add(id);
    /** @type {{ type?: unknown, data?: unknown }} */
    const event = JSON.parse(body);
    this.events.push({ id, type: String(event.type), data: event.data, receivedAt: Date.now() });
    console.log(`webhook ${String(event.type)} ${id} (signature ok)`);
    return 204;
  }
}

/**
 * @param {string | string[] | undefined} value
 * @returns {string | undefined}
 */
function single(value) {
  return Array.isArray(value) ? value[0] : value;
}
