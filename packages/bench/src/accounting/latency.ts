// Latency in an HDR histogram, in microseconds, summarised in milliseconds.

import { int, number, object, type Infer } from '@ichat/protocol';
import * as hdr from 'hdr-histogram-js';

/** The percentiles every report shows, in milliseconds. */
export const LatencySummarySchema = object({
  count: int(),
  p50: number(0),
  p90: number(0),
  p99: number(0),
  p999: number(0),
  max: number(0),
});
export type LatencySummary = Infer<typeof LatencySummarySchema>;

/** Up to one minute at three significant digits: a late delivery is recorded, never clipped away. */
const HIGHEST_US = 60_000_000;

export class LatencyRecorder {
  readonly #histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });

  /** Records one latency; negative values (clock granularity) count as 0 µs, values past a minute as a minute. */
  record(micros: number): void {
    this.#histogram.recordValue(Math.min(Math.max(Math.round(micros), 0), HIGHEST_US));
  }

  /** A percentile in milliseconds (0 when empty). */
  percentileMs(percentile: number): number {
    if (this.#histogram.totalCount === 0) return 0;
    return this.#histogram.getValueAtPercentile(percentile) / 1000;
  }

  summary(): LatencySummary {
    return {
      count: this.#histogram.totalCount,
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p99: this.percentileMs(99),
      p999: this.percentileMs(99.9),
      max: this.#histogram.totalCount === 0 ? 0 : this.#histogram.maxValue / 1000,
    };
  }

  reset(): void {
    this.#histogram.reset();
  }
}
