// SVG charts of a run, drawn with d3-scale and d3-shape as plain strings: no DOM needed.

import { scaleBand, scaleLinear, scaleLog, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import { SERVER_LABELS, SERVER_NAMES, type ServerName } from '../load/target.js';
import type { RunResults } from './results.js';

const COLORS: Readonly<Record<ServerName, string>> = { uws: '#555555', ichat: '#1f77b4', ws: '#ff7f0e', socketio: '#2ca02c' };
const WIDTH = 720;
const HEIGHT = 360;
const MARGIN = { top: 40, right: 160, bottom: 50, left: 80 };

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function frame(title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}

function legend(servers: readonly ServerName[]): string[] {
  return servers.map((name, i) => {
    const y = MARGIN.top + i * 20;
    const x = WIDTH - MARGIN.right + 16;
    return `<rect x="${x}" y="${y}" width="12" height="12" fill="${COLORS[name]}"/><text x="${x + 18}" y="${y + 10}">${escapeXml(SERVER_LABELS[name])}</text>`;
  });
}

function yAxis(ticks: number[], y: (value: number) => number, format: (value: number) => string, label: string): string[] {
  const parts = ticks.map(
    (tick) =>
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e5e5e5"/>` +
      `<text x="${MARGIN.left - 6}" y="${y(tick) + 4}" text-anchor="end">${escapeXml(format(tick))}</text>`,
  );
  parts.push(
    `<text transform="translate(16 ${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(label)}</text>`,
  );
  return parts;
}

type RampOf = RunResults['s1']['shapes'][number]['servers'][ServerName];

/** Grouped bars: S1's highest sustainable deliveries/s per shape and server. */
export function deliveriesChart(results: RunResults, servers: readonly ServerName[] = SERVER_NAMES): string {
  return s1BarChart(
    results,
    servers,
    'S1 fan-out: highest sustainable deliveries/s (p99 ≤ 50 ms, ≥ 99.9% delivered)',
    'deliveries/s',
    (ramp) => ramp?.maxDeliveriesPerSecond ?? 0,
  );
}

/**
 * Grouped bars: server CPU µs per delivery at each shape's first S1 rate (the same rate for every server), so shapes
 * with different fan-out compare too.
 */
export function cpuChart(results: RunResults, servers: readonly ServerName[] = SERVER_NAMES): string {
  return s1BarChart(
    results,
    servers,
    'S1 fan-out: server CPU µs per delivery at the first rate (lower is better)',
    'CPU µs per delivery',
    (ramp, members) => (ramp?.steps[0]?.serverMicrosPerMessage ?? 0) / members,
  );
}

function s1BarChart(
  results: RunResults,
  servers: readonly ServerName[],
  title: string,
  yLabel: string,
  pick: (ramp: RampOf, members: number) => number,
): string {
  const shapes = results.s1.shapes.map((shape) => shape.shape);
  const membersOf = (shape: string): number => Math.max(1, Number(shape.split('×')[1] ?? 1));
  const values = results.s1.shapes.flatMap((shape) => servers.map((name) => pick(shape.servers[name], membersOf(shape.shape))));
  const x = scaleBand<string>().domain(shapes).range([MARGIN.left, WIDTH - MARGIN.right]).padding(0.2);
  const inner = scaleBand<ServerName>().domain(servers).range([0, x.bandwidth()]).padding(0.05);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...values)])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const body = yAxis(y.ticks(6), y, (value) => value.toLocaleString('en-US'), yLabel);
  for (const shape of results.s1.shapes) {
    for (const name of servers) {
      const value = pick(shape.servers[name], membersOf(shape.shape));
      const left = (x(shape.shape) ?? 0) + (inner(name) ?? 0);
      body.push(
        `<rect x="${left.toFixed(1)}" y="${y(value).toFixed(1)}" width="${inner.bandwidth().toFixed(1)}" height="${(y(0) - y(value)).toFixed(1)}" fill="${COLORS[name]}"/>`,
      );
    }
    const centre = (x(shape.shape) ?? 0) + x.bandwidth() / 2;
    body.push(`<text x="${centre.toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle">${escapeXml(shape.shape)}</text>`);
  }
  body.push(
    `<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 12}" text-anchor="middle">rooms × members</text>`,
  );
  return frame(title, [...body, ...legend(servers)]);
}

/** Lines on a log scale: S2's latency percentiles at 50% of the raw relay's maximum, per server. */
export function latencyChart(results: RunResults, servers: readonly ServerName[] = SERVER_NAMES): string {
  const percentiles = ['p50', 'p90', 'p99', 'p99.9', 'max'] as const;
  const pick = (name: ServerName): number[] => {
    const point = results.s2.servers[name]?.find((p) => p.percent === 50);
    const latency = point?.latency;
    return latency === undefined ? [] : [latency.p50, latency.p90, latency.p99, latency.p999, latency.max].map((ms) => Math.max(ms, 0.01));
  };
  const all = servers.flatMap(pick);
  const x = scalePoint<string>().domain([...percentiles]).range([MARGIN.left + 20, WIDTH - MARGIN.right - 20]);
  const y = scaleLog()
    .domain([Math.min(0.1, ...all), Math.max(10, ...all)])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const body = yAxis(y.ticks(6).filter((tick) => [1, 2, 5].includes(Number(tick.toPrecision(1)[0]))), y, (value) => `${value}`, 'latency, ms (log)');
  for (const label of percentiles) {
    body.push(`<text x="${x(label) ?? 0}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle">${label}</text>`);
  }
  const path = line<[string, number]>()
    .x(([label]) => x(label) ?? 0)
    .y(([, ms]) => y(ms));
  for (const name of servers) {
    const values = pick(name);
    if (values.length === 0) continue;
    const points = percentiles.map((label, i): [string, number] => [label, values[i] ?? 0.01]);
    body.push(`<path d="${path(points) ?? ''}" fill="none" stroke="${COLORS[name]}" stroke-width="2"/>`);
    for (const [label, ms] of points) {
      body.push(`<circle cx="${x(label) ?? 0}" cy="${y(ms).toFixed(1)}" r="3" fill="${COLORS[name]}"/>`);
    }
  }
  const rate = results.s2.servers.uws?.find((p) => p.percent === 50)?.rate ?? 0;
  return frame(`S2 latency at 50% of the raw relay's maximum (${rate.toLocaleString('en-US')} msg/s)`, [...body, ...legend(servers)]);
}
