import { describe, expect, it } from 'vitest';
import type { LatencySummary } from '../../src/accounting/latency.js';
import type { StepResult } from '../../src/load/open-loop.js';
import type { ServerName } from '../../src/load/target.js';
import { deliveriesChart, latencyChart } from '../../src/report/charts.js';
import { computeRatios, type RunResults } from '../../src/report/results.js';
import { comparisonRows, markdownTable } from '../../src/report/table.js';
import type { RampResult } from '../../src/scenarios/s1-fanout.js';

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
    servers[name] = { messagesPerSecond: rate, acksPerSecond: rate, ackLatency: latency(4), stoppedBy: 'p99', clientBound: false, firstStepMicrosPerMessage: 1e6 / rate };
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
    },
    s3: { pairs: 10, servers },
    s4: { servers: {}, rss_bytes_per_conn: 0 },
    s5: { raw: [], ichatPersistedPerSecond: 0 },
    s6: { servers: {} },
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
    });
  });

  it('gives 0, not Infinity, against a server that did not run', () => {
    const run = results({ ichat: ramp(80_000, 250) }, {});
    expect(computeRatios(run.s1, run.s3).s1_vs_raw).toBe(0);
    expect(computeRatios(run.s1, run.s3).s1_cpu_vs_raw).toBe(0);
  });
});

describe('report', () => {
  const run = results({ uws: ramp(100_000, 200, true), ichat: ramp(80_000, 250) }, { uws: 20_000, ichat: 10_000 });

  it('marks a client-bound figure in the comparison table', () => {
    const rows = comparisonRows(run, ['uws', 'ichat']);
    expect(rows[1]).toEqual(['S1 200×50 max deliveries/s', '100,000 (client-bound)', '80,000']);
    expect(markdownTable(rows).split('\n')[1]).toBe('| --- | --- | --- |');
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
