// A token bucket: `rate` tokens per second, holding at most `burst`. Times are on the monotonic clock (clock.ts).

export class TokenBucket {
  readonly #ratePerMs: number;
  readonly #burst: number;
  #tokens: number;
  #updatedAt: number;

  constructor(ratePerSecond: number, burst: number, now: number) {
    this.#ratePerMs = ratePerSecond / 1000;
    this.#burst = burst;
    this.#tokens = burst;
    this.#updatedAt = now;
  }

  /** Takes one token if there is one; otherwise returns how many ms until there will be. */
  take(now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    // Never negative, so even a clock that went backwards could only pause the refill, not drain the bucket.
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#ratePerMs);
    this.#updatedAt = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { ok: true };
    }
    const retryAfterMs = this.#ratePerMs > 0 ? Math.ceil((1 - this.#tokens) / this.#ratePerMs) : 60_000;
    return { ok: false, retryAfterMs };
  }
}
