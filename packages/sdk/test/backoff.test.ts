import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/backoff.js';

describe('backoffDelay', () => {
  it('doubles the cap per attempt and stays in its upper half', () => {
    const options = { initialMs: 100, maxMs: 10_000 };
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(0, options, () => 1)).toBe(100);
    expect(backoffDelay(3, options, () => 0)).toBe(400);
    expect(backoffDelay(3, options, () => 1)).toBe(800);
  });

  it('never exceeds the maximum, however many attempts', () => {
    expect(backoffDelay(1000, { initialMs: 100, maxMs: 5000 }, () => 1)).toBe(5000);
  });
});
