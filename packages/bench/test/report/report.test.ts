import { describe, expect, it } from 'vitest';
import type { LatencySummary } from '../../src/accounting/latency.js';
import type { StepResult } from '../../src/load/open-loop.js';
import type { ServerName } from '../../src/load/target.js';
import { deliveriesChart, latencyChart } from '../../src/report/charts.js';
import { computeRatios, type RunResults } from '../../src/report/results.js';
import { comparisonRows, markdownTable, ratioRows } from '../../src/report/table.js';
import type { RampResult } from '../../src/scenarios/s1-fanout.js';
import { s2P99OverRaw, type S2Point } from '../../src/scenarios/s2-latency.js';
import { s6P99OverRaw, type S6Point } from '../../src/scenarios/s6-slow-consumers.js';

const latency = (p99: number): LatencySummary => ({ count: 100, p50: p99 / 4, p90: p99 / 2, p99, p999: p99 * 1.5, max: p99 * 2 });

function step(rate: number, deliveriesPerSecond: number, serverMicrosPerMessage: number, clientBound = false): StepResult {
  return {
    rate,
    seconds: 2,
    sent: rate * 2,
    expectedDeliveries: deliveriesPerSecond * 2,
    deliveredInTime: deliveriesPerSecond * 2,
    deliveriesPerSecond,
    acksPerSecond: rate,
    latency: latency(5),
    ackLatency: latency(3),
    clientCpu: clientBound ? 0.95 : 0.4,
    serverCpu: 0.5,
    serverMicrosPerMessage,
    clientBound,
  };
}

function ramp(deliveriesPerSecond: number, micros: number, clientBound = false): RampResult {
  const best = step(deliveriesPerSecond / 50, deliveriesPerSecond, micros, clientBound);
  return { maxDeliveriesPerSecond: deliveriesPerSecond, maxRate: best.rate, best, steps: [best], stoppedBy: 'p99', clientBound };
}

/** A full run's results with the given S1 main-shape ramps and S3 rates; everything else empty. */
function results(s1: Partial<Record<ServerName, RampResult>>, s3: Partial<Record<ServerName, number>>): RunResults {
  const servers: RunResults['s3']['servers'] = {};
  for (const [name, rate] of Object.entries(s3) as [ServerName, number][]) {
    servers[name] = {
      messagesPerSecond: rate,
      acksPerSecond: rate,
      ackLatency: latency(4),
      stoppedBy: 'p99',
      clientBound: false,
      firstStepMicrosPerMessage: 1e6 / rate,
      bestStepMicrosPerMessage: 5e5 / rate,
    };
  }
  return {
    date: '2026-01-01T00:00:00.000Z',
    mode: 'full',
    seconds: 1,
    machine: { cpu: 'test', cores: 2, memoryBytes: 1, os: 'test', node: 'v20', pinned: true, note: '' },
    versions: {},
    ratios: computeRatios({ shapes: [] }, { pairs: 0, servers: {} }),
    s1: { shapes: [{ shape: '200×50', servers: s1 }] },
    s2: {
      baseRate: 100,
      p99_ms_at_50pct: 4,
      servers: { uws: [{ percent: 50, rate: 50, deliveriesPerSecond: 2500, latency: latency(2), serverMicrosPerMessage: 10, clientBound: false }] },
      p99_over_raw_ms_at_50pct: null,
    },
    s3: { pairs: 10, servers },
    s4: { servers: {}, rss_bytes_per_conn: 0 },
    s5: { raw: [], ichatPersistedPerSecond: 0 },
    s6: { servers: {}, p99_over_raw_ms: null },
    failures: [],
    anomalies: { lost: 0, duplicated: 0, reordered: 0, disconnected: 0, records: [] },
  };
}

describe('computeRatios', () => {
  it('divides iChat by the raw relay and by Socket.IO, by sustained rate and by CPU per message', () => {
    const run = results(
      { uws: ramp(100_000, 200), ichat: ramp(80_000, 250), socketio: ramp(8_000, 500) },
      { uws: 20_000, ichat: 10_000 },
    );
    expect(computeRatios(run.s1, run.s3)).toEqual({
      s1_vs_raw: 0.8,
      s1_vs_socketio: 10,
      s3_vs_raw: 0.5,
      s1_cpu_vs_raw: 0.8,
      s1_cpu_vs_socketio: 2,
      s3_cpu_vs_raw: 0.5,
      s3_cpu_vs_socketio: 0,
      s1_min_shape_vs_raw: 0.8,
      s3_vs_ws: 0,
    });
  });

  it('divides Socket.IO by iChat in S3 CPU per message, and iChat by ws in S3 messages/s', () => {
    const run = results({}, { uws: 20_000, ichat: 10_000, ws: 12_500, socketio: 4_000 });
    const ratios = computeRatios(run.s1, run.s3);
    // CPU per message is 1e6 ÷ rate in these results: Socket.IO 250 µs, iChat 100 µs.
    expect(ratios.s3_cpu_vs_socketio).toBe(2.5);
    expect(ratios.s3_vs_ws).toBe(0.8);
  });

  it('takes the lowest iChat ÷ raw over the S1 shapes, skipping shapes the raw relay did not run', () => {
    const run = results({ uws: ramp(100_000, 200), ichat: ramp(95_000, 250) }, {});
    run.s1.shapes.push(
      { shape: '10×1000', servers: { uws: ramp(60_000, 300), ichat: ramp(30_000, 600) } },
      { shape: '1000×10', servers: { ichat: ramp(1_000, 900) } },
    );
    expect(computeRatios(run.s1, run.s3).s1_min_shape_vs_raw).toBe(0.5);
  });

  it('gives 0, not Infinity, against a server that did not run', () => {
    const run = results({ ichat: ramp(80_000, 250) }, {});
    expect(computeRatios(run.s1, run.s3).s1_vs_raw).toBe(0);
    expect(computeRatios(run.s1, run.s3).s1_cpu_vs_raw).toBe(0);
  });
});

const s2Point = (percent: number, p99: number): S2Point => ({
  percent,
  rate: 100,
  deliveriesPerSecond: 5000,
  latency: latency(p99),
  serverMicrosPerMessage: 10,
  clientBound: false,
});

const s6Point = (slowP99: number): S6Point => ({
  rate: 100,
  slowMembers: 100,
  baselineP99: 5,
  slowP99,
  rssBeforeBytes: 1,
  rssPeakBytes: 1,
  slowClosed: 0,
  clientBound: false,
});

describe('p99 over the raw relay', () => {
  it("subtracts the raw relay's S2 p99 at 50% from iChat's, and is null without both", () => {
    expect(s2P99OverRaw({ uws: [s2Point(25, 1), s2Point(50, 2.5)], ichat: [s2Point(50, 4.25), s2Point(75, 9)] })).toBe(1.75);
    expect(s2P99OverRaw({ ichat: [s2Point(50, 4)] })).toBeNull();
    expect(s2P99OverRaw({ uws: [s2Point(25, 1)], ichat: [s2Point(25, 4)] })).toBeNull();
  });

  it("subtracts the raw relay's S6 p99 with slow consumers from iChat's, and may be negative", () => {
    expect(s6P99OverRaw({ uws: s6Point(12), ichat: s6Point(15.5) })).toBe(3.5);
    expect(s6P99OverRaw({ uws: s6Point(12), ichat: s6Point(10) })).toBe(-2);
    expect(s6P99OverRaw({ ichat: s6Point(10) })).toBeNull();
  });
});

describe('report', () => {
  const run = results({ uws: ramp(100_000, 200, true), ichat: ramp(80_000, 250) }, { uws: 20_000, ichat: 10_000 });

  it('marks a client-bound figure in the comparison table', () => {
    const rows = comparisonRows(run, ['uws', 'ichat']);
    expect(rows[1]).toEqual(['S1 200×50 max deliveries/s', '100,000 (client-bound)', '80,000']);
    expect(markdownTable(rows).split('\n')[1]).toBe('| --- | --- | --- |');
  });

  it('gives CPU per message at the best step beside the first, with the rate it was sustained at', () => {
    const rows = comparisonRows(run, ['uws', 'ichat']);
    expect(rows).toContainEqual(['S1 200×50 server CPU µs/msg at the best step (msg/s)', '200 (2,000 (client-bound))', '250 (1,600)']);
    expect(rows).toContainEqual(['S3 server CPU µs/msg at the best step', '25', '50']);
  });

  it('gives idle server CPU at the largest S4 count, and a dash for results that did not measure it', () => {
    const point = { connectsPerSecond: 1000, rssBytesPerConn: 3000, heapBytesPerConn: null };
    const withS4 = {
      ...run,
      s4: {
        servers: {
          uws: [{ ...point, connections: 1000 }, { ...point, connections: 10_000, idleCpuMsPerSecond: 0.4 }],
          ichat: [{ ...point, connections: 1000 }, { ...point, connections: 10_000 }],
        },
        rss_bytes_per_conn: 3000,
      },
    };
    expect(comparisonRows(withS4, ['uws', 'ichat'])).toContainEqual(['S4 10,000 idle: server CPU ms/s', '0.4', '–']);
  });

  it("gives S5's CPU floor at the small commit sizes in iChat's column, and no row for results without it", () => {
    const raw = [
      { batch: 1, messagesPerSecond: 3000, cpuMicrosPerMessage: 270 },
      { batch: 2, messagesPerSecond: 5500, cpuMicrosPerMessage: 1450.4 },
      { batch: 100, messagesPerSecond: 140_000, cpuMicrosPerMessage: 12 },
    ];
    const withFloor = { ...run, s5: { raw, ichatPersistedPerSecond: 10_000 } };
    expect(comparisonRows(withFloor, ['uws', 'ichat'])).toContainEqual([
      'S5 durable SQLite insert alone: CPU µs/msg at 1 / 2 per commit',
      '–',
      '270 / 1,450',
    ]);
    const older = { ...run, s5: { raw: raw.map(({ batch, messagesPerSecond }) => ({ batch, messagesPerSecond })), ichatPersistedPerSecond: 0 } };
    expect(comparisonRows(older, ['uws', 'ichat']).some((row) => row[0].startsWith('S5'))).toBe(false);
  });

  it('marks a ratio of sustained rates as generator-bound when either side was, but not the CPU ratios', () => {
    const withRatios = { ...run, ratios: computeRatios(run.s1, run.s3), s6: { servers: {}, p99_over_raw_ms: 2.25 } };
    const rows = ratioRows(withRatios);
    const row = (name: string): string[] | undefined => rows.find((cells) => cells[0] === name);
    expect(row('ratios.s1_vs_raw')?.[2]).toContain('generator-bound');
    expect(row('ratios.s1_min_shape_vs_raw')?.[2]).toContain('generator-bound');
    expect(row('ratios.s1_cpu_vs_raw')?.[2]).not.toContain('generator-bound');
    expect(row('ratios.s3_vs_raw')).toEqual(['ratios.s3_vs_raw', '0.500', 'S3 direct messages/s, iChat ÷ raw']);
    expect(row('s6.p99_over_raw_ms')?.[1]).toBe('+2.25 ms');
    expect(row('s2.p99_over_raw_ms_at_50pct')?.[1]).toBe('–');
  });

  it('draws one bar per server and shape, and one latency line per server with figures', () => {
    const bars = deliveriesChart(run, ['uws', 'ichat']);
    expect(bars.startsWith('<svg')).toBe(true);
    // One background rectangle, one bar per server, one legend swatch per server.
    expect(bars.match(/<rect /g)).toHaveLength(5);
    const lines = latencyChart(run, ['uws', 'ichat']);
    expect(lines.match(/<path /g)).toHaveLength(1);
  });
});
