// How bucket starts read on the axis, in the tooltip and in the table, per bucket size.

import { timeFormat } from 'd3-time-format';
import type { StatsBucketSize } from '@ichat/protocol';

// Buckets start at local midnights of the zone the admin asked for, which is the browser's own by default, so
// local-time formatting names the right day.
const AXIS = { day: timeFormat('%b %-d'), week: timeFormat('%b %-d'), month: timeFormat('%b %Y') } as const;
const FULL = { day: timeFormat('%a %b %-d, %Y'), week: timeFormat('Week of %b %-d, %Y'), month: timeFormat('%B %Y') } as const;

/** A short label for an axis tick. */
export function axisLabel(size: StatsBucketSize, start: number): string {
  return AXIS[size](new Date(start));
}

/** A full label for the tooltip and the table. */
export function fullLabel(size: StatsBucketSize, start: number): string {
  return FULL[size](new Date(start));
}

/** Every n-th index, so at most `maxTicks` labels fit under the bars. */
export function tickIndexes(count: number, maxTicks: number): number[] {
  const step = Math.max(1, Math.ceil(count / Math.max(1, maxTicks)));
  const ticks: number[] = [];
  for (let index = 0; index < count; index += step) ticks.push(index);
  return ticks;
}
