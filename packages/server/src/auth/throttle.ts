// Counts attempts per key (an address or an account) in a fixed window, so guessing or flooding gets a 429.
// Every `now` here is on the monotonic clock (clock.ts): a wall-clock jump must not stretch or cut a window.

interface Window {
  attempts: number;
  resetsAt: number;
}

/**
 * An attempt counter per key over a fixed window, charged before the slow work it guards.
 *
 * `take` checks and charges in one synchronous step. Checking first and charging after an `await` (a password hash)
 * would let every request that arrives during that await pass the same check, so concurrent guesses would all be
 * tried; charged up front, at most `limit` attempts are ever under way or done per window, whatever the concurrency.
 * An attempt that turns out not to count (a successful login) is given back with `refund` or `clear`.
 * Memory is bounded by pruning expired windows.
 */
export class AttemptThrottle {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #windows = new Map<string, Window>();

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Milliseconds until `key` may try again, or 0 when it may now. Charges nothing. */
  retryAfterMs(key: string, now: number): number {
    const window = this.#windows.get(key);
    if (window === undefined || window.resetsAt <= now) return 0;
    return window.attempts >= this.#limit ? window.resetsAt - now : 0;
  }

  /**
   * Charges one attempt to every key, or to none of them when any is over its limit.
   * @returns 0 when charged, else the milliseconds to wait.
   */
  static take(entries: readonly (readonly [AttemptThrottle, string])[], now: number): number {
    const wait = Math.max(0, ...entries.map(([throttle, key]) => throttle.retryAfterMs(key, now)));
    if (wait > 0) return wait;
    for (const [throttle, key] of entries) throttle.#charge(key, now);
    return 0;
  }

  /** Gives back one attempt charged to `key` in its current window. */
  refund(key: string, now: number): void {
    const window = this.#windows.get(key);
    if (window === undefined || window.resetsAt <= now) return;
    window.attempts -= 1;
    if (window.attempts <= 0) this.#windows.delete(key);
  }

  /** Forgets every attempt charged to `key`. */
  clear(key: string): void {
    this.#windows.delete(key);
  }

  #charge(key: string, now: number): void {
    const window = this.#windows.get(key);
    if (window === undefined || window.resetsAt <= now) {
      if (this.#windows.size > 100_000) this.#prune(now);
      this.#windows.set(key, { attempts: 1, resetsAt: now + this.#windowMs });
    } else {
      window.attempts += 1;
    }
  }

  #prune(now: number): void {
    for (const [key, window] of this.#windows) if (window.resetsAt <= now) this.#windows.delete(key);
  }
}
