import { describe, expect, it } from 'vitest';
import { bucketRanges } from '../../src/stats/buckets.js';
import { startOfLocalDay } from '../../src/stats/time-zones.js';

const iso = (ms: number): string => new Date(ms).toISOString();

describe('bucketRanges', () => {
  it('cuts UTC days at UTC midnight', () => {
    const ranges = bucketRanges(Date.parse('2026-03-01T10:00:00Z'), Date.parse('2026-03-03T01:00:00Z'), 'day', 'UTC');
    expect(ranges.map((r) => iso(r.start))).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-03-02T00:00:00.000Z',
      '2026-03-03T00:00:00.000Z',
    ]);
  });

  it('cuts days at local midnight in a zone east of UTC', () => {
    const ranges = bucketRanges(Date.parse('2026-03-01T12:00:00Z'), Date.parse('2026-03-02T12:00:00Z'), 'day', 'Asia/Tokyo');
    // 12:00Z is 21:00 in Tokyo: the bucket is the Tokyo day that began at 15:00Z the day before.
    expect(ranges.map((r) => iso(r.start))).toEqual(['2026-02-28T15:00:00.000Z', '2026-03-01T15:00:00.000Z']);
  });

  it('makes the spring-forward day 23 hours long in New York', () => {
    const ranges = bucketRanges(
      Date.parse('2026-03-07T12:00:00Z'),
      Date.parse('2026-03-09T12:00:00Z'),
      'day',
      'America/New_York',
    );
    expect(ranges.map((r) => iso(r.start))).toEqual([
      '2026-03-07T05:00:00.000Z',
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
    ]);
    expect(ranges.map((r) => (r.end - r.start) / 3_600_000)).toEqual([24, 23, 24]);
  });

  it('makes the fall-back day 25 hours long in Berlin', () => {
    const ranges = bucketRanges(Date.parse('2026-10-25T06:00:00Z'), Date.parse('2026-10-25T07:00:00Z'), 'day', 'Europe/Berlin');
    expect(ranges).toHaveLength(1);
    expect(iso(ranges[0]!.start)).toBe('2026-10-24T22:00:00.000Z');
    expect((ranges[0]!.end - ranges[0]!.start) / 3_600_000).toBe(25);
  });

  it('starts weeks on Monday', () => {
    // 2026-03-05 is a Thursday.
    const ranges = bucketRanges(Date.parse('2026-03-05T00:00:00Z'), Date.parse('2026-03-17T00:00:00Z'), 'week', 'UTC');
    expect(ranges.map((r) => new Date(r.start).getUTCDay())).toEqual([1, 1, 1]);
    expect(iso(ranges[0]!.start)).toBe('2026-03-02T00:00:00.000Z');
  });

  it('starts months on the first, across a year end', () => {
    const ranges = bucketRanges(Date.parse('2025-11-15T00:00:00Z'), Date.parse('2026-02-02T00:00:00Z'), 'month', 'UTC');
    expect(ranges.map((r) => iso(r.start).slice(0, 10))).toEqual(['2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01']);
  });

  it('refuses an empty range and an unknown zone with typed errors', () => {
    expect(() => bucketRanges(10, 10, 'day', 'UTC')).toThrow(expect.objectContaining({ code: 'validation_failed', field: 'to' }));
    expect(() => bucketRanges(0, 10, 'day', 'Mars/Olympus')).toThrow(expect.objectContaining({ code: 'validation_failed', field: 'tz' }));
  });

  it('refuses ranges that need too many buckets', () => {
    expect(() => bucketRanges(0, Date.parse('2026-01-01T00:00:00Z'), 'day', 'UTC')).toThrow(
      expect.objectContaining({ field: 'bucket' }),
    );
  });
});

describe('startOfLocalDay', () => {
  it('finds local midnight on an ordinary day in a zone west of UTC', () => {
    expect(iso(startOfLocalDay({ year: 2026, month: 7, day: 4 }, 'America/Los_Angeles'))).toBe('2026-07-04T07:00:00.000Z');
  });
});
