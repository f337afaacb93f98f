// Draws the chart into an SVG with d3-selection: bars, the cumulative line and both axes, animated or not.

import { axisBottom, axisLeft, axisRight } from 'd3-axis';
import { select, type Selection } from 'd3-selection';
import 'd3-transition';
import type { StatsBucketSize } from '@ichat/protocol';
import { axisLabel, tickIndexes } from './bucket-labels.js';
import { wholeTicks, type BarShape, type ChartGeometry } from './chart-geometry.js';

export interface DrawOptions {
  bucketSize: StatsBucketSize;
  /** False when the user prefers reduced motion: shapes jump to their place. */
  animate: boolean;
  activeIndex: number | null;
  onHover(index: number | null): void;
}

const DURATION_MS = 350;

/** What bars and their transitions share: setting an attribute from each bar's shape. */
interface BarAttributes {
  attr(name: string, value: (bar: BarShape) => number): unknown;
}

function placeBars(target: BarAttributes): void {
  target.attr('x', (bar) => bar.x);
  target.attr('width', (bar) => bar.width);
  target.attr('y', (bar) => bar.y);
  target.attr('height', (bar) => bar.height);
}

/** Gets or creates the one child `<g>` with this class, so redraws update rather than append. */
function layer(parent: Selection<SVGGElement, unknown, null, undefined>, name: string) {
  const existing = parent.select<SVGGElement>(`g.${name}`);
  return existing.empty() ? parent.append('g').attr('class', name) : existing;
}

/**
 * Renders `geometry` into `svg`. Safe to call on every update: elements are joined by bucket, so bars grow and
 * shrink in place when data changes.
 */
export function drawChart(svg: SVGSVGElement, geometry: ChartGeometry, options: DrawOptions): void {
  const { margins, innerHeight, innerWidth } = geometry;
  const root = select(svg);
  const plotSelection = root.select<SVGGElement>('g.plot');
  const plot = plotSelection.empty() ? root.append('g').attr('class', 'plot') : plotSelection;
  plot.attr('transform', `translate(${margins.left},${margins.top})`);

  const ticks = tickIndexes(geometry.bars.length, Math.floor(innerWidth / 72));
  layer(plot, 'axis x-axis')
    .attr('transform', `translate(0,${innerHeight})`)
    .call(
      axisBottom(geometry.x)
        .tickValues(ticks)
        .tickFormat((index) => {
          const bar = geometry.bars[index];
          return bar === undefined ? '' : axisLabel(options.bucketSize, bar.bucket.start);
        }),
    );
  const wanted = Math.max(2, Math.floor(innerHeight / 48));
  layer(plot, 'axis count-axis').call(
    axisLeft(geometry.count).tickValues(wholeTicks(geometry.count, wanted)).tickFormat(geometry.count.tickFormat(wanted, 'd')),
  );
  layer(plot, 'axis cumulative-axis')
    .attr('transform', `translate(${innerWidth},0)`)
    .call(
      axisRight(geometry.cumulative)
        .tickValues(wholeTicks(geometry.cumulative, wanted))
        .tickFormat(geometry.cumulative.tickFormat(wanted, '~s')),
    );

  const bars = layer(plot, 'bars')
    .selectAll<SVGRectElement, BarShape>('rect.bar')
    .data(geometry.bars, (bar) => String(bar.bucket.start))
    .join((enter) =>
      enter
        .append('rect')
        .attr('class', 'bar')
        .attr('part', 'bar')
        .attr('x', (bar) => bar.x)
        .attr('width', (bar) => bar.width)
        .attr('y', innerHeight)
        .attr('height', 0),
    )
    .classed('active', (bar) => bar.index === options.activeIndex)
    .on('pointerenter', (_event, bar) => options.onHover(bar.index))
    .on('pointerleave', () => options.onHover(null));
  placeBars(options.animate ? bars.transition().duration(DURATION_MS) : bars);

  const linePath = layer(plot, 'lines')
    .selectAll<SVGPathElement, string>('path.cumulative')
    .data([geometry.linePath])
    .join('path')
    .attr('class', 'cumulative')
    .attr('part', 'cumulative-line')
    .attr('fill', 'none');
  if (options.animate) linePath.transition().duration(DURATION_MS).attr('d', (d) => d);
  else linePath.attr('d', (d) => d);
}

