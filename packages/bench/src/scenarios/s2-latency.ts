// S2 latency at fixed load: 25, 50 and 75% of the raw relay's sustainable S1 rate, on the main S1 shape.

import type { LatencySummary } from '../accounting/latency.js';
import { Fleet } from '../load/fleet.js';
import { drain, runStep } from '../load/open-loop.js';
import type { ServerName } from '../load/target.js';
import type { SuiteContext } from './context.js';
import { THROUGHPUT_BACKPRESSURE_BYTES, warmUp } from './s1-fanout.js';

export interface S2Point {
  percent: number;
  rate: number;
  deliveriesPerSecond: number;
  latency: LatencySummary;
  clientBound: boolean;
}

export interface S2Result {
  /** Messages/s that stands for 100%: the raw relay's best S1 step on the main shape. */
  baseRate: number;
  servers: Partial<Record<ServerName, S2Point[]>>;
  /** iChat's p99 at 50%. */
  p99_ms_at_50pct: number;
}

export async function runS2(ctx: SuiteContext, baseRate: number): Promise<S2Result> {
  const result: S2Result = { baseRate, servers: {}, p99_ms_at_50pct: 0 };
  const shape = ctx.settings.s1.main;
  for (const name of ctx.servers) {
    ctx.log(`  S2 ${name}`);
    const target = await ctx.startTarget(name, THROUGHPUT_BACKPRESSURE_BYTES);
    try {
      const { fleet } = await Fleet.open(target, shape);
      await warmUp(fleet, Math.round(baseRate / 4), ctx.settings.s2.seconds);
      const points: S2Point[] = [];
      for (const percent of ctx.settings.s2.percents) {
        const rate = Math.max(1, Math.round((baseRate * percent) / 100));
        const step = await runStep(fleet, rate, ctx.settings.s2.seconds);
        points.push({ percent, rate, deliveriesPerSecond: step.deliveriesPerSecond, latency: step.latency, clientBound: step.clientBound });
        ctx.log(`    ${percent}% (${rate} msg/s): p50 ${step.latency.p50.toFixed(2)} p99 ${step.latency.p99.toFixed(2)} ms`);
        await drain(fleet, 10_000, 1000);
      }
      result.servers[name] = points;
      if (name === 'ichat') result.p99_ms_at_50pct = points.find((point) => point.percent === 50)?.latency.p99 ?? 0;
      await ctx.finish('S2', fleet);
    } finally {
      await target.stop();
    }
  }
  return result;
}
