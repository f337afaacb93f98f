// S2 latency at fixed load: 25, 50 and 75% of the raw relay's sustainable S1 rate, on the main S1 shape. It runs on
// each server's S1 fleet right after that server's ramp, which saves opening 10,000 connections once more.

import { array, boolean, nullable, number, object, type Infer } from '@ichat/protocol';
import { LatencySummarySchema } from '../accounting/latency.js';
import type { Fleet } from '../load/fleet.js';
import { drain, runStep } from '../load/open-loop.js';
import { perServer } from '../load/target.js';
import type { SuiteContext } from './context.js';

export const S2PointSchema = object({
  percent: number(0),
  rate: number(0),
  deliveriesPerSecond: number(0),
  latency: LatencySummarySchema,
  serverMicrosPerMessage: number(0),
  clientBound: boolean,
});
export type S2Point = Infer<typeof S2PointSchema>;

export const S2ResultSchema = object({
  /** Messages/s that stands for 100%: the raw relay's best S1 step on the main shape. */
  baseRate: number(0),
  servers: perServer(array(S2PointSchema)),
  /** iChat's p99 at 50%. */
  p99_ms_at_50pct: number(0),
  /** iChat's p99 minus the raw relay's at 50%, in ms (null unless both ran): what iChat adds to the same load. */
  p99_over_raw_ms_at_50pct: nullable(number()),
});
export type S2Result = Infer<typeof S2ResultSchema>;

/** Runs S2's fixed rates on an open, drained fleet and records them in `result`. */
export async function measureS2(ctx: SuiteContext, fleet: Fleet, result: S2Result): Promise<void> {
  const points: S2Point[] = [];
  for (const percent of ctx.settings.s2.percents) {
    const rate = Math.max(1, Math.round((result.baseRate * percent) / 100));
    const step = await runStep(fleet, rate, ctx.settings.s2.seconds);
    points.push({
      percent,
      rate,
      deliveriesPerSecond: step.deliveriesPerSecond,
      latency: step.latency,
      serverMicrosPerMessage: step.serverMicrosPerMessage,
      clientBound: step.clientBound,
    });
    ctx.log(`    S2 ${percent}% (${rate} msg/s): p50 ${step.latency.p50.toFixed(2)} p99 ${step.latency.p99.toFixed(2)} ms`);
    await drain(fleet, 10_000, 1000);
  }
  const name = fleet.target.name;
  result.servers[name] = points;
  if (name === 'ichat') result.p99_ms_at_50pct = points.find((point) => point.percent === 50)?.latency.p99 ?? 0;
  result.p99_over_raw_ms_at_50pct = s2P99OverRaw(result.servers);
}

/** iChat's p99 minus the raw relay's at 50%, rounded to µs; null unless both have a 50% point. */
export function s2P99OverRaw(servers: S2Result['servers']): number | null {
  const at50 = (points: S2Point[] | undefined): number | undefined => points?.find((point) => point.percent === 50)?.latency.p99;
  const ichat = at50(servers.ichat);
  const raw = at50(servers.uws);
  return ichat === undefined || raw === undefined ? null : Math.round((ichat - raw) * 1000) / 1000;
}
