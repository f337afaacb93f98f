// Reconnect delays: exponential growth with jitter, so a restarted server is not hit by every client at once.

/** How reconnect delays grow. */
export interface BackoffOptions {
  /** Delay cap of the first retry, in ms. Default 500. */
  initialMs?: number;
  /** Largest delay, in ms. Default 30 000. */
  maxMs?: number;
}

/**
 * The delay before retry number `attempt` (0 for the first): a random point in the upper half of
 * `min(maxMs, initialMs × 2^attempt)`. Keeping the lower half out avoids instant retry storms while the jitter still
 * spreads clients apart.
 *
 * @example
 * ```ts
 * backoffDelay(3, { initialMs: 500, maxMs: 30_000 }, Math.random) // between 2000 and 4000
 * ```
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const initial = options.initialMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const cap = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return Math.round(cap / 2 + (random() * cap) / 2);
}
