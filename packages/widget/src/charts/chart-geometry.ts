// Scales and shapes for the bars-plus-cumulative-line chart, as plain data: no DOM, so it is testable anywhere.

import { max } from 'd3-array';
import { scaleBand, scaleLinear, type ScaleBand, type ScaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { StatsBucket } from '@ichat/protocol';

export interface ChartSize {
  width: number;
  height: number;
}

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface BarShape {
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
  bucket: StatsBucket;
}

export interface ChartGeometry {
  margins: Margins;
  innerWidth: number;
  innerHeight: number;
  x: ScaleBand<number>;
  count: ScaleLinear<number, number>;
  cumulative: ScaleLinear<number, number>;
  bars: BarShape[];
  /** The cumulative line through the bars' centres, as an SVG path. */
  linePath: string;
}

export const DEFAULT_MARGINS: Margins = { top: 16, right: 56, bottom: 36, left: 48 };

/**
 * Lays out one bar per bucket on a band scale and the cumulative total as a line on its own axis.
 *
 * @example
 * ```ts
 * const g = chartGeometry(buckets, { width: 640, height: 320 });
 * g.bars.length === buckets.length;
 * ```
 */
export function chartGeometry(buckets: readonly StatsBucket[], size: ChartSize, margins: Margins = DEFAULT_MARGINS): ChartGeometry {
  const innerWidth = Math.max(1, size.width - margins.left - margins.right);
  const innerHeight = Math.max(1, size.height - margins.top - margins.bottom);
  const x = scaleBand<number>()
    .domain(buckets.map((_, index) => index))
    .range([0, innerWidth])
    .paddingInner(buckets.length > 60 ? 0.05 : 0.2)
    .paddingOuter(0.1);
  const count = scaleLinear()
    .domain([0, Math.max(1, max(buckets, (b) => b.count) ?? 0)])
    .nice()
    .range([innerHeight, 0]);
  const cumulative = scaleLinear()
    .domain([0, Math.max(1, max(buckets, (b) => b.cumulative) ?? 0)])
    .nice()
    .range([innerHeight, 0]);
  const bars = buckets.map((bucket, index): BarShape => {
    const top = count(bucket.count);
    return { index, x: x(index) ?? 0, y: top, width: x.bandwidth(), height: innerHeight - top, bucket };
  });
  const path = line<BarShape>()
    .x((bar) => bar.x + bar.width / 2)
    .y((bar) => cumulative(bar.bucket.cumulative));
  return { margins, innerWidth, innerHeight, x, count, cumulative, bars, linePath: path(bars) ?? '' };
}

/** Counts are whole numbers: a small range gets ticks at 0, 1, 2… rather than 0, 0.5, 1 printed as 0, 1, 1. */
export function wholeTicks(scale: ScaleLinear<number, number>, wanted: number): number[] {
  return scale.ticks(wanted).filter((value) => Number.isInteger(value));
}
