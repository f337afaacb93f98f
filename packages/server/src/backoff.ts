// When a failed delivery (a webhook, an e-mail) is tried again: exponential backoff with full jitter, never past the give-up time.

/** How retries are spaced and when they stop. */
export interface RetryPolicy {
  /** The first retry waits up to this long; each later one up to twice the one before. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
  /** How long after the event it is given up on. */
  giveUpMs: number;
}

/**
 * When to try again after the failed attempt number `attempts` (1 for the first), or undefined to give up: at a
 * random moment up to `min(maxMs, baseMs × 2^(attempts-1))` from now ("full jitter", so that the deliveries an outage
 * held back do not all come back at once), and at the latest when the event's give-up time comes. Once that time has
 * passed, there is no next attempt.
 */
export function nextAttemptAt(
  policy: RetryPolicy,
  attempts: number,
  createdAt: number,
  now: number,
  random: () => number = Math.random,
): number | undefined {
  const deadline = createdAt + policy.giveUpMs;
  if (now >= deadline) return undefined;
  // 2^30 × any base is past every cap; the exponent stops there so the product stays a finite number.
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempts - 1, 30));
  return Math.min(deadline, now + Math.floor(random() * ceiling));
}
