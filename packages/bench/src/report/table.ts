// The comparison printed at the end of a run, one row per figure and one column per server.

import { SERVER_LABELS, SERVER_NAMES, type ServerName } from '../load/target.js';
import { generatorBoundRatios, type Ratios, type RunResults } from './results.js';

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
  const best = results.s1.shapes[0];
  if (best !== undefined) {
    each(`S1 ${best.shape} server CPU µs/msg at the best step (msg/s)`, (name) => {
      const step = best.servers[name]?.best;
      return step === undefined ? '–' : `${number(step.serverMicrosPerMessage)} (${number(step.rate)}${bound(step.clientBound)})`;
    });
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
  each('S3 server CPU µs/msg at the best step', (name) => number(results.s3.servers[name]?.bestStepMicrosPerMessage));
  each('S3 ack p50 / p99 ms', (name) => {
    const latency = results.s3.servers[name]?.ackLatency;
    return latency === undefined ? '–' : `${number(latency.p50, 2)} / ${number(latency.p99, 2)}`;
  });
  // The floor under iChat's S3 figures: what storing a message durably costs with nothing else around it, at the few
  // messages per commit that moderate rates give. It is a figure of the store, so it sits in iChat's column.
  const floor = results.s5.raw.filter((point) => point.batch <= 10 && point.cpuMicrosPerMessage !== undefined);
  if (floor.length > 0) {
    const sizes = floor.map((point) => point.batch).join(' / ');
    each(`S5 durable SQLite insert alone: CPU µs/msg at ${sizes} per commit`, (name) =>
      name === 'ichat' ? floor.map((point) => number(point.cpuMicrosPerMessage)).join(' / ') : '–',
    );
  }
  const counts = results.s4.servers.uws?.map((point) => point.connections) ?? [];
  for (const count of counts) {
    each(`S4 ${number(count)} idle: RSS B/conn (connects/s)`, (name) => {
      const point = results.s4.servers[name]?.find((p) => p.connections === count);
      return point === undefined ? '–' : `${number(point.rssBytesPerConn)} (${number(point.connectsPerSecond)})`;
    });
  }
  const largest = counts.at(-1);
  if (largest !== undefined) {
    each(`S4 ${number(largest)} idle: server CPU ms/s`, (name) => {
      const idle = results.s4.servers[name]?.find((p) => p.connections === largest)?.idleCpuMsPerSecond;
      return idle === undefined ? '–' : number(idle, 1);
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

/** What each ratio divides, as the ratio table says it. */
const RATIO_MEANINGS: Readonly<Record<keyof Ratios, string>> = {
  s1_vs_raw: 'S1 main shape deliveries/s, iChat ÷ raw',
  s1_vs_socketio: 'S1 main shape deliveries/s, iChat ÷ Socket.IO',
  s3_vs_raw: 'S3 direct messages/s, iChat ÷ raw',
  s1_cpu_vs_raw: 'S1 server CPU per message, raw ÷ iChat',
  s1_cpu_vs_socketio: 'S1 server CPU per message, Socket.IO ÷ iChat',
  s3_cpu_vs_raw: 'S3 server CPU per message, raw ÷ iChat',
  s3_cpu_vs_socketio: 'S3 server CPU per message, Socket.IO ÷ iChat',
  s1_min_shape_vs_raw: 'S1 deliveries/s, lowest iChat ÷ raw over the shapes',
  s3_vs_ws: 'S3 direct messages/s, iChat ÷ ws',
};

const difference = (value: number | null): string => (value === null ? '–' : `${value >= 0 ? '+' : ''}${number(value, 2)} ms`);

/**
 * The ratios and differences the targets are stated in. A ratio of sustained rates where the load generator bound
 * either side is marked: it compares the generator's ceilings, not the servers; the CPU ratios beside it do not.
 */
export function ratioRows(results: RunResults): Row[] {
  const generatorBound = generatorBoundRatios(results);
  const rows: Row[] = [['ratio', 'value', 'what it divides']];
  for (const [name, meaning] of Object.entries(RATIO_MEANINGS) as [keyof Ratios, string][]) {
    const note = generatorBound.has(name) ? ' (generator-bound: a ratio of ceilings, not a result)' : '';
    rows.push([`ratios.${name}`, number(results.ratios[name], 3), `${meaning}${note}`]);
  }
  rows.push(['s2.p99_over_raw_ms_at_50pct', difference(results.s2.p99_over_raw_ms_at_50pct), 'S2 p99 at 50%, iChat − raw']);
  rows.push(['s6.p99_over_raw_ms', difference(results.s6.p99_over_raw_ms), 'S6 p99 with 1% slow consumers, iChat − raw']);
  rows.push(['s4.rss_bytes_per_conn', number(results.s4.rss_bytes_per_conn), 'S4 iChat RSS per idle connection at the largest count']);
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
