// The dashboard's range presets and the first instant each one covers.

/** Range presets. */
export type RangePreset = '30d' | '90d' | '1y' | 'all';
export const RANGE_PRESETS: readonly RangePreset[] = ['30d', '90d', '1y', 'all'];

const RANGE_DAYS: Record<Exclude<RangePreset, 'all'>, number> = { '30d': 30, '90d': 90, '1y': 365 };
const DAY_MS = 86_400_000;

/** Where a range that ends at `to` starts: a time in ms, or `'first'` for all time. */
export function rangeStart(range: RangePreset, to: number): number | 'first' {
  return range === 'all' ? 'first' : to - RANGE_DAYS[range] * DAY_MS;
}
