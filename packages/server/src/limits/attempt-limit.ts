// Attempts per key in a fixed window (failed logins, registrations): this node's own count always, and the count of
// the whole cluster too when limits are shared, so a client spreading attempts over the nodes gets no more of them.

import { AttemptThrottle } from '../auth/throttle.js';
import type { SharedLimits } from './shared-limits.js';

/** Told when the shared count could not be read: the node's own count decided alone. */
export type LimitUnavailable = (limit: string) => void;

export class AttemptLimit {
  readonly #name: string;
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #local: AttemptThrottle;
  readonly #shared: SharedLimits | undefined;
  readonly #unavailable: LimitUnavailable;

  /** `name` keeps this limit's keys apart from others' in the shared store, and labels the unavailable metric. */
  constructor(name: string, limit: number, windowMs: number, shared: SharedLimits | undefined, unavailable: LimitUnavailable) {
    this.#name = name;
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#local = new AttemptThrottle(limit, windowMs);
    this.#shared = shared;
    this.#unavailable = unavailable;
  }

  /**
   * Charges one attempt to every key, or to none of them when any is over its limit (see AttemptThrottle: charged
   * before the slow work it guards). This node's count is charged synchronously, so it holds whatever the
   * concurrency; without shared limits that is all, and the answer is not a promise. With them, the cluster's counts
   * are charged too, and an attempt that takes any over its limit is given back everywhere. When the broker cannot be
   * reached, this node's count decides alone: never weaker than one node.
   *
   * @returns 0 when charged, else the milliseconds to wait.
   */
  static take(entries: readonly (readonly [AttemptLimit, string])[], now: number): number | Promise<number> {
    const wait = AttemptThrottle.take(
      entries.map(([limit, key]) => [limit.#local, key] as const),
      now,
    );
    if (wait > 0 || entries.every(([limit]) => limit.#shared === undefined)) return wait;
    return AttemptLimit.#takeShared(entries, now);
  }

  static async #takeShared(entries: readonly (readonly [AttemptLimit, string])[], now: number): Promise<number> {
    const counts = await Promise.all(
      entries.map(async ([limit, key]) => {
        if (limit.#shared === undefined) return undefined;
        try {
          return await limit.#shared.hit(limit.#key(key), limit.#windowMs, 1);
        } catch {
          limit.#unavailable(limit.#name);
          return undefined;
        }
      }),
    );
    const wait = Math.max(0, ...counts.map((count, i) => (count !== undefined && count.count > entries[i]![0].#limit ? Math.max(1, count.resetInMs) : 0)));
    if (wait === 0) return 0;
    await Promise.all(
      entries.map(async ([limit, key], i) => {
        limit.#local.refund(key, now);
        if (counts[i] !== undefined) await limit.#giveBack(key);
      }),
    );
    return wait;
  }

  /** Gives back one attempt charged to `key` in its current window. */
  async refund(key: string, now: number): Promise<void> {
    this.#local.refund(key, now);
    await this.#giveBack(key);
  }

  /** Forgets every attempt charged to `key`. */
  async clear(key: string): Promise<void> {
    this.#local.clear(key);
    await this.#shared?.clear(this.#key(key), this.#windowMs).catch(() => this.#unavailable(this.#name));
  }

  async #giveBack(key: string): Promise<void> {
    await this.#shared?.hit(this.#key(key), this.#windowMs, -1).catch(() => this.#unavailable(this.#name));
  }

  #key(key: string): string {
    return `${this.#name}:${key}`;
  }
}
