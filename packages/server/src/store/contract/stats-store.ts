// The statistics part of the store contract: counts per time bucket, computed by the database.

import type { StatsSeries } from '@ichat/protocol';

/** Half-open UTC ranges [start, end), in ms. */
export interface BucketRange {
  start: number;
  end: number;
}

export interface SeriesCounts {
  /** Per bucket: new accounts, messages sent, or distinct active senders. */
  counts: number[];
  /**
   * Per bucket, what the cumulative total grows by: the counts themselves for registrations and messages; for active
   * users, those active for the first time in the range, so the running total is "distinct active users so far".
   */
  increments: number[];
  /** The total before the first bucket (0 for active users, whose running total starts with the range). */
  before: number;
}

/** What the statistics API needs from storage. */
export interface StatsStore {
  /** One count per range, in the ranges' order (ranges are consecutive and ascending), and the total before them. */
  series(series: StatsSeries, ranges: readonly BucketRange[]): Promise<SeriesCounts>;
  /** When the series' first event happened (first account, first message), or undefined when there is none. */
  firstAt(series: StatsSeries): Promise<number | undefined>;
}
