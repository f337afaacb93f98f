// Bucket boundaries for statistics: days, ISO weeks (Monday first) or months, in the admin's time zone.

import { IChatError, type StatsBucketSize } from '@ichat/protocol';
import { isoWeekday, localDateOf, startOfLocalDay, type LocalDate } from './time-zones.js';

export type BucketSize = StatsBucketSize;

/** At most this many buckets per query: about 13 years of days. */
export const MAX_BUCKETS = 5000;

function bucketStartDate(date: LocalDate, size: BucketSize): LocalDate {
  switch (size) {
    case 'day':
      return date;
    case 'week':
      return { ...date, day: date.day - (isoWeekday(date) - 1) };
    case 'month':
      return { ...date, day: 1 };
  }
}

function nextDate(date: LocalDate, size: BucketSize): LocalDate {
  switch (size) {
    case 'day':
      return { ...date, day: date.day + 1 };
    case 'week':
      return { ...date, day: date.day + 7 };
    case 'month':
      return { ...date, month: date.month + 1 };
  }
}

function normalise(date: LocalDate): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The buckets covering [from, to): the first starts at or before `from`, the last contains the instant before `to`.
 * Each bucket is `[start, end)` in UTC ms, at local midnights of the zone.
 *
 * @throws {IChatError} `validation_failed` when the range is empty or needs more than {@link MAX_BUCKETS} buckets.
 */
export function bucketRanges(from: number, to: number, size: BucketSize, timeZone: string): { start: number; end: number }[] {
  if (to <= from) throw new IChatError('validation_failed', '"to" must be after "from"', { field: 'to' });
  const ranges: { start: number; end: number }[] = [];
  let date = normalise(bucketStartDate(localDateOf(from, timeZone), size));
  let start = startOfLocalDay(date, timeZone);
  while (start < to) {
    const next = normalise(nextDate(date, size));
    const end = startOfLocalDay(next, timeZone);
    ranges.push({ start, end });
    if (ranges.length > MAX_BUCKETS) {
      throw new IChatError('validation_failed', `That range needs more than ${MAX_BUCKETS} buckets; use a larger bucket`, {
        field: 'bucket',
      });
    }
    date = next;
    start = end;
  }
  return ranges;
}
