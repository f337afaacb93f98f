// Per-user allowances for what a spammer would repeat: creating groups, opening chats with strangers, reporting.
// Per user rather than per connection, so that opening more sockets buys no more.

import { IChatError } from '@ichat/protocol';
import type { LimitUnavailable } from '../limits/attempt-limit.js';
import type { SharedLimits } from '../limits/shared-limits.js';
import { TokenBucket } from './token-bucket.js';

/** The actions with a per-user allowance. */
export type LimitedAction = 'createGroup' | 'strangerChat' | 'report';

/** How many of each action one user may take per hour; the whole allowance may be used at once. */
export type UserLimitRates = Readonly<Record<LimitedAction, number>>;

const HOUR_MS = 3_600_000;

const REFUSALS: Record<LimitedAction, string> = {
  createGroup: 'Too many new groups; try again later',
  strangerChat: 'Too many new conversations with people you do not know yet; try again later',
  report: 'Too many reports; try again later',
};

/**
 * On one node, a token bucket per user and action. With shared limits, also a count per user and action over fixed
 * hours across the cluster, so that a user whose sockets are on several nodes gets no more; the stricter of the two
 * decides, and when the broker cannot be reached the node's own bucket decides alone.
 */
export class UserLimits {
  readonly #rates: UserLimitRates;
  readonly #buckets = new Map<string, { bucket: TokenBucket; usedAt: number }>();
  readonly #shared: SharedLimits | undefined;
  readonly #unavailable: LimitUnavailable;

  constructor(rates: UserLimitRates, shared?: SharedLimits, unavailable: LimitUnavailable = () => undefined) {
    this.#rates = rates;
    this.#shared = shared;
    this.#unavailable = unavailable;
  }

  /**
   * Takes one of the user's allowance for an action: synchronously on one node, one round trip to the broker with
   * shared limits.
   *
   * @throws {IChatError} `rate_limited` with `retryAfterMs` when none is left.
   */
  take(action: LimitedAction, userId: number, now: number): void | Promise<void> {
    this.#takeLocal(action, userId, now);
    if (this.#shared !== undefined) return this.#takeShared(this.#shared, action, userId);
  }

  async #takeShared(shared: SharedLimits, action: LimitedAction, userId: number): Promise<void> {
    const key = `user-${action}:${userId}`;
    let taken;
    try {
      taken = await shared.hit(key, HOUR_MS, 1);
    } catch {
      this.#unavailable('user');
      return;
    }
    if (taken.count <= this.#rates[action]) return;
    await shared.hit(key, HOUR_MS, -1).catch(() => this.#unavailable('user'));
    throw new IChatError('rate_limited', REFUSALS[action], { retryAfterMs: Math.max(1, taken.resetInMs) });
  }

  #takeLocal(action: LimitedAction, userId: number, now: number): void {
    const key = `${action}:${userId}`;
    let entry = this.#buckets.get(key);
    if (entry === undefined) {
      const perHour = this.#rates[action];
      entry = { bucket: new TokenBucket(perHour / 3600, perHour, now), usedAt: now };
      this.#buckets.set(key, entry);
    }
    entry.usedAt = now;
    const taken = entry.bucket.take(now);
    if (!taken.ok) throw new IChatError('rate_limited', REFUSALS[action], { retryAfterMs: taken.retryAfterMs });
  }

  /** Forgets buckets unused for an hour: refilled by then, they are the same as new ones. */
  prune(now: number): void {
    for (const [key, entry] of this.#buckets) if (now - entry.usedAt >= HOUR_MS) this.#buckets.delete(key);
  }
}
