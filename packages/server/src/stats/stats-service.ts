// The statistics API's logic: parse the query, build buckets in the admin's zone, fill the series.

import {
  IChatError,
  STATS_BUCKET_SIZES,
  type StatsBucket,
  type StatsBucketSize,
  type StatsResult,
  type StatsSeries,
} from '@ichat/protocol';
import { bucketRanges } from './buckets.js';
import type { StatsStore } from '../store/contract/stats-store.js';
import { checkTimeZone, startOfLocalDay } from './time-zones.js';

const DAY_MS = 86_400_000;
const DEFAULT_RANGE_MS = 30 * DAY_MS;

/**
 * Reads a time bound: `YYYY-MM-DD` (local midnight in the zone), an ISO 8601 timestamp, or ms since the epoch.
 * `from=first` (handled by the caller) means the series' first event: "all time".
 */
function parseInstant(value: string, field: string, timeZone: string): number {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date !== null) {
    return startOfLocalDay({ year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) }, timeZone);
  }
  const instant = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isSafeInteger(instant)) {
    throw new IChatError('validation_failed', `"${field}" must be a date, an ISO timestamp or ms since the epoch`, {
      field,
    });
  }
  return instant;
}

function isBucketSize(value: string): value is StatsBucketSize {
  return (STATS_BUCKET_SIZES as readonly string[]).includes(value);
}

export async function computeStats(
  store: StatsStore,
  series: StatsSeries,
  query: URLSearchParams,
  now: number,
): Promise<StatsResult> {
  const bucket = query.get('bucket') ?? 'day';
  if (!isBucketSize(bucket)) throw new IChatError('validation_failed', '"bucket" must be day, week or month', { field: 'bucket' });
  const tz = checkTimeZone(query.get('tz') ?? 'UTC');
  const toParam = query.get('to');
  const fromParam = query.get('from');
  const to = toParam === null ? now : parseInstant(toParam, 'to', tz);
  const from =
    fromParam === null
      ? to - DEFAULT_RANGE_MS
      : fromParam === 'first'
        ? Math.min((await store.firstAt(series)) ?? to - DAY_MS, to - 1)
        : parseInstant(fromParam, 'from', tz);
  const ranges = bucketRanges(from, to, bucket, tz);
  const counts = await store.series(series, ranges);
  let cumulative = counts.before;
  const buckets = ranges.map((range, index): StatsBucket => {
    cumulative += counts.increments[index] ?? 0;
    return { start: range.start, count: counts.counts[index] ?? 0, cumulative };
  });
  return { series, bucket, tz, from, to, totalBefore: counts.before, buckets };
}
