// Counts failed logins per key in a fixed window, so guessing passwords gets a 429 instead of answers.

interface Window {
  failures: number;
  resetsAt: number;
}

/** A failure counter per key (an address or an account) over a fixed window. Memory is bounded by pruning. */
export class FailureThrottle {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #windows = new Map<string, Window>();

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Milliseconds until `key` may try again, or 0 when it may now. */
  retryAfterMs(key: string, now: number): number {
    const window = this.#windows.get(key);
    if (window === undefined || window.resetsAt <= now) return 0;
    return window.failures >= this.#limit ? window.resetsAt - now : 0;
  }

  fail(key: string, now: number): void {
    const window = this.#windows.get(key);
    if (window === undefined || window.resetsAt <= now) {
      if (this.#windows.size > 100_000) this.#prune(now);
      this.#windows.set(key, { failures: 1, resetsAt: now + this.#windowMs });
    } else {
      window.failures += 1;
    }
  }

  clear(key: string): void {
    this.#windows.delete(key);
  }

  #prune(now: number): void {
    for (const [key, window] of this.#windows) if (window.resetsAt <= now) this.#windows.delete(key);
  }
}
