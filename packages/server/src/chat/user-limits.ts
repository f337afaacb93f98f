// Per-user allowances for what a spammer would repeat: creating groups, opening chats with strangers, reporting.
// Per user rather than per connection, so that opening more sockets buys no more.

import { IChatError } from '@ichat/protocol';
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

export class UserLimits {
  readonly #rates: UserLimitRates;
  readonly #buckets = new Map<string, { bucket: TokenBucket; usedAt: number }>();

  constructor(rates: UserLimitRates) {
    this.#rates = rates;
  }

  /**
   * Takes one of the user's allowance for an action.
   *
   * @throws {IChatError} `rate_limited` with `retryAfterMs` when none is left.
   */
  take(action: LimitedAction, userId: number, now: number): void {
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
