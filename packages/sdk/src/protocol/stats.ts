// The administrators' statistics API: `GET /api/v1/admin/stats/{series}` and its answer.

import { FieldReader } from './guards.js';
import type { StatsBucket } from './models.js';

/** The series the statistics API serves. */
export type StatsSeries = 'registrations' | 'messages' | 'active-users';

/** Bucket sizes: local days, ISO weeks (Monday first) or calendar months. */
export type StatsBucketSize = 'day' | 'week' | 'month';

export const STATS_SERIES: readonly StatsSeries[] = ['registrations', 'messages', 'active-users'];
export const STATS_BUCKET_SIZES: readonly StatsBucketSize[] = ['day', 'week', 'month'];

/**
 * What to count and over which range. Left out, `bucket` is `day`, `tz` is `UTC`, `to` is now and `from` is 30 days
 * before `to`; `from: 'first'` starts at the first record of the series (all time).
 */
export interface StatsQuery {
  series: StatsSeries;
  bucket?: StatsBucketSize;
  /** Milliseconds since the epoch, or `'first'`. */
  from?: number | 'first';
  /** Milliseconds since the epoch. */
  to?: number;
  /** An IANA time zone, such as `Europe/Paris`: buckets start at its midnights. */
  tz?: string;
}

/** The query string of a statistics request (the series is in the path). */
export function statsSearchParams(query: StatsQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.bucket !== undefined) params.set('bucket', query.bucket);
  if (query.from !== undefined) params.set('from', String(query.from));
  if (query.to !== undefined) params.set('to', String(query.to));
  if (query.tz !== undefined) params.set('tz', query.tz);
  return params;
}

/** The answer: one bucket per day/week/month of the range, empty ones included with count 0. */
export interface StatsResult {
  series: StatsSeries;
  bucket: StatsBucketSize;
  /** The IANA zone whose midnights cut the buckets. */
  tz: string;
  from: number;
  to: number;
  /** The running total before the first bucket (0 for active users). */
  totalBefore: number;
  buckets: StatsBucket[];
}

function oneOf<T extends string>(r: FieldReader, value: unknown, field: string, allowed: readonly T[]): T {
  const match = allowed.find((item) => item === value);
  return match ?? r.fail(field, `"${field}" must be one of ${allowed.join(', ')}`);
}

/** Validates a statistics answer. @throws {IChatError} `internal` when the shape is wrong. */
export function parseStatsResult(value: unknown): StatsResult {
  const r = new FieldReader('internal');
  const f = r.object(value);
  const buckets = r.nested('buckets');
  return {
    series: oneOf(r, f['series'], 'series', STATS_SERIES),
    bucket: oneOf(r, f['bucket'], 'bucket', STATS_BUCKET_SIZES),
    tz: r.string(f, 'tz'),
    from: r.int(f, 'from'),
    to: r.int(f, 'to'),
    totalBefore: r.int(f, 'totalBefore'),
    buckets: r.array(f, 'buckets', Number.MAX_SAFE_INTEGER, (item) => {
      const b = buckets.object(item);
      return { start: buckets.int(b, 'start'), count: buckets.int(b, 'count'), cumulative: buckets.int(b, 'cumulative') };
    }),
  };
}
