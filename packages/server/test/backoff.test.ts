// nextAttemptAt: exponential ceilings, full jitter under them, a cap, and the give-up time.

import { expect, it } from 'vitest';
import { nextAttemptAt, type RetryPolicy } from '../src/backoff.js';

const POLICY: RetryPolicy = { baseMs: 1000, maxMs: 3_600_000, giveUpMs: 86_400_000 };
const T0 = Date.parse('2026-12-01T00:00:00Z');

it('doubles the ceiling with each failed attempt up to the cap', () => {
  const waits = [1, 2, 3, 4, 5, 12, 13, 40].map((attempt) => (nextAttemptAt(POLICY, attempt, T0, T0, () => 0.999999) ?? 0) - T0);
  expect(waits).toEqual([999, 1999, 3999, 7999, 15_999, 2_047_997, 3_599_996, 3_599_996]);
});

it('picks the wait at random between none and the ceiling (full jitter)', () => {
  expect(nextAttemptAt(POLICY, 3, T0, T0, () => 0)).toBe(T0);
  expect(nextAttemptAt(POLICY, 3, T0, T0, () => 0.5)).toBe(T0 + 2000);
});

it('never schedules past the give-up time, and gives up once it has passed', () => {
  const lateAttempt = T0 + POLICY.giveUpMs - 10;
  expect(nextAttemptAt(POLICY, 20, T0, lateAttempt, () => 0.9)).toBe(T0 + POLICY.giveUpMs);
  expect(nextAttemptAt(POLICY, 20, T0, T0 + POLICY.giveUpMs, () => 0.9)).toBeUndefined();
  expect(nextAttemptAt(POLICY, 1, T0, T0 + POLICY.giveUpMs + 1, () => 0)).toBeUndefined();
});
