// The comparison printed at the end of a run, one row per figure and one column per server.

import { SERVER_LABELS, SERVER_NAMES, type ServerName } from '../load/target.js';
import type { RunResults } from './results.js';

type Row = [string, ...string[]];

const number = (value: number | undefined | null, digits = 0): string =>
  value === undefined || value === null ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function bound(flag: boolean | undefined): string {
  return flag === true ? ' (client-bound)' : '';
}

/** Every row of the comparison, as text cells. */
export function comparisonRows(results: RunResults, servers: readonly ServerName[] = SERVER_NAMES): Row[] {
  const rows: Row[] = [['figure', ...servers.map((name) => SERVER_LABELS[name])]];
  const each = (label: string, cell: (name: ServerName) => string): void => {
    rows.push([label, ...servers.map(cell)]);
  };
  for (const shape of results.s1.shapes) {
    each(`S1 ${shape.shape} max deliveries/s`, (name) => {
      const ramp = shape.servers[name];
      return ramp === undefined ? '–' : `${number(ramp.maxDeliveriesPerSecond)}${bound(ramp.clientBound)}`;
    });
  }
  const firstRate = results.s1.shapes[0]?.servers.uws?.steps[0]?.rate;
  if (firstRate !== undefined) {
    each(`S1 ${results.s1.shapes[0]?.shape ?? ''} server CPU µs/msg at ${number(firstRate)} msg/s`, (name) =>
      number(results.s1.shapes[0]?.servers[name]?.steps[0]?.serverMicrosPerMessage),
    );
  }
  for (const percent of results.s2.servers.uws?.map((point) => point.percent) ?? [25, 50, 75]) {
    each(`S2 p50 / p99 / p99.9 ms at ${percent}%`, (name) => {
      const point = results.s2.servers[name]?.find((p) => p.percent === percent);
      return point === undefined
        ? '–'
        : `${number(point.latency.p50, 2)} / ${number(point.latency.p99, 2)} / ${number(point.latency.p999, 2)}`;
    });
  }
  each('S3 direct messages/s', (name) => {
    const point = results.s3.servers[name];
    return point === undefined ? '–' : `${number(point.messagesPerSecond)}${bound(point.clientBound)}`;
  });
  each('S3 server CPU µs/msg, first step', (name) => number(results.s3.servers[name]?.firstStepMicrosPerMessage));
  each('S3 ack p50 / p99 ms', (name) => {
    const latency = results.s3.servers[name]?.ackLatency;
    return latency === undefined ? '–' : `${number(latency.p50, 2)} / ${number(latency.p99, 2)}`;
  });
  const counts = results.s4.servers.uws?.map((point) => point.connections) ?? [];
  for (const count of counts) {
    each(`S4 ${number(count)} idle: RSS B/conn (connects/s)`, (name) => {
      const point = results.s4.servers[name]?.find((p) => p.connections === count);
      return point === undefined ? '–' : `${number(point.rssBytesPerConn)} (${number(point.connectsPerSecond)})`;
    });
  }
  each('S6 p99 ms before → with 1% slow', (name) => {
    const point = results.s6.servers[name];
    return point === undefined ? '–' : `${number(point.baselineP99, 1)} → ${number(point.slowP99, 1)}`;
  });
  each('S6 RSS MiB before → peak', (name) => {
    const point = results.s6.servers[name];
    return point === undefined ? '–' : `${number(point.rssBeforeBytes / 2 ** 20)} → ${number(point.rssPeakBytes / 2 ** 20)}`;
  });
  each('lost / duplicated / reordered', (name) => {
    const records = results.anomalies.records.filter((record) => record.server === name);
    const sum = (pick: (r: (typeof records)[number]) => number): number => records.reduce((total, r) => total + pick(r), 0);
    return `${sum((r) => r.lost + r.storeMissing)} / ${sum((r) => r.duplicated + r.storeUnacked)} / ${sum((r) => r.reordered + r.storeMisordered)}`;
  });
  return rows;
}

/** Rows as an aligned plain-text table. */
export function formatTable(rows: readonly Row[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row, index) => {
      const line = row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
      return index === 0 ? `${line}\n${widths.map((width) => '-'.repeat(width)).join('  ')}` : line;
    })
    .join('\n');
}

/** Rows as a Markdown table (for docs/performance.md). */
export function markdownTable(rows: readonly Row[]): string {
  const [head, ...body] = rows;
  if (head === undefined) return '';
  const line = (row: readonly string[]): string => `| ${row.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}
