// The soak's leak verdict: flat or noisy resources pass, steady growth past the allowance fails.

import { describe, expect, it } from 'vitest';
import { checkGrowth, median, type GrowthSample } from '../../src/soak/verdict.js';

const MIB = 2 ** 20;

function samples(count: number, at: (i: number) => GrowthSample): GrowthSample[] {
  return Array.from({ length: count }, (_, i) => at(i));
}

const passes = (list: GrowthSample[]): Record<string, boolean> =>
  Object.fromEntries(checkGrowth(list).map((check) => [check.resource, check.pass]));

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe('checkGrowth', () => {
  it('passes resources that stay flat apart from a garbage-collection sawtooth', () => {
    const list = samples(30, (i) => ({
      rssBytes: 100 * MIB + (i % 3) * MIB,
      heapBytes: 20 * MIB + (i % 2) * 4 * MIB,
      fds: 330 + (i % 4),
    }));
    expect(passes(list)).toEqual({ rssBytes: true, heapBytes: true, fds: true });
  });

  it('leaves growth in the first third (warm-up) out', () => {
    const list = samples(30, (i) => ({ rssBytes: (i < 10 ? 50 + i * 5 : 100) * MIB, heapBytes: 20 * MIB, fds: i < 10 ? 100 + i * 20 : 330 }));
    expect(passes(list)).toEqual({ rssBytes: true, heapBytes: true, fds: true });
  });

  it('fails a resource whose last third grew past the larger of 10% and the absolute allowance', () => {
    // RSS +2 MiB per sample: the last third's median is 20 MiB above the second's, past max(10%, 5 MiB) of 109 MiB.
    const list = samples(30, (i) => ({ rssBytes: (80 + 2 * i) * MIB, heapBytes: 20 * MIB, fds: 330 + Math.floor(i / 3) }));
    const checks = checkGrowth(list);
    expect(passes(list)).toEqual({ rssBytes: false, heapBytes: true, fds: true });
    const rss = checks.find((check) => check.resource === 'rssBytes');
    expect(rss?.limit).toBeCloseTo(rss === undefined ? 0 : rss.secondThirdMedian * 1.1);
  });

  it('uses the absolute allowance when 10% of a small base is less', () => {
    // 20 MiB of heap: 10% is 2 MiB, so up to 5 MiB of growth passes and 6 MiB fails.
    const at = (grown: number) => samples(9, (i) => ({ rssBytes: 100 * MIB, heapBytes: (i < 6 ? 20 : 20 + grown) * MIB, fds: 330 }));
    expect(passes(at(5)).heapBytes).toBe(true);
    expect(passes(at(6)).heapBytes).toBe(false);
  });

  it('has nothing to compare with fewer than three samples, and passes', () => {
    const two = samples(2, (i) => ({ rssBytes: i * 1000 * MIB, heapBytes: 0, fds: 0 }));
    expect(passes(two)).toEqual({ rssBytes: true, heapBytes: true, fds: true });
  });
});
