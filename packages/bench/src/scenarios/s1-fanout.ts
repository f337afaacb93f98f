// S1 fan-out: raise the publish rate until p99 passes 50 ms or deliveries fall under 99.9%; keep the best rate.

import { array, boolean, number, object, oneOf, optional, string, type Infer } from '@ichat/protocol';
import { Fleet, type Shape } from '../load/fleet.js';
import { drain, runStep, StepResultSchema, type StepResult } from '../load/open-loop.js';
import { perServer, type ServerName } from '../load/target.js';
import type { SuiteContext } from './context.js';
import { measureS2, type S2Result } from './s2-latency.js';
import { shapeLabel, type Ramp } from './settings.js';

/** Throughput scenarios must show overload as latency, not as sockets closed for backpressure. */
export const THROUGHPUT_BACKPRESSURE_BYTES = 64 * 1024 * 1024;
export const P99_LIMIT_MS = 50;
export const DELIVERED_SHARE = 0.999;

export const RampResultSchema = object({
  /** Highest deliveries/s of a step that met both limits (0 when none did). */
  maxDeliveriesPerSecond: number(0),
  /** Messages/s sent in that step. */
  maxRate: number(0),
  /** That step (left out when none met the limits). */
  best: optional(StepResultSchema),
  steps: array(StepResultSchema),
  /** Why the ramp stopped: a limit was passed, or it ran out of steps (the limit is then above the last step). */
  stoppedBy: oneOf(['p99', 'deliveries', 'steps']),
  /** True when the best step had the load generator near a full core. */
  clientBound: boolean,
});
export type RampResult = Infer<typeof RampResultSchema>;

export const S1ResultSchema = object({
  /** The main shape first, then the sweep. */
  shapes: array(object({ shape: string(), servers: perServer(RampResultSchema) })),
});
export type S1Result = Infer<typeof S1ResultSchema>;

/** Whether a step met the S1 limits. */
export function sustainable(step: StepResult): boolean {
  return step.latency.p99 <= P99_LIMIT_MS && step.deliveredInTime >= DELIVERED_SHARE * step.expectedDeliveries;
}

/**
 * A short unrecorded step before measuring: the first messages on fresh connections pay for JIT compilation and
 * lazy allocation on both sides, which is not what any later step measures.
 */
export async function warmUp(fleet: Fleet, rate: number, seconds: number): Promise<void> {
  await runStep(fleet, Math.max(1, rate), seconds);
  await drain(fleet, 10_000, 1000);
}

/** A server that cannot sustain the first step gets this many steps down (÷ factor each) to find a figure. */
const MAX_STEPS_DOWN = 4;

/**
 * Steps the rate up geometrically on an open fleet until a limit is passed. When even the first step passes a
 * limit, it steps down instead until one is sustained, so every server gets a figure (and every ratio a divisor).
 */
export async function rampUp(fleet: Fleet, ramp: Ramp, log: (line: string) => void): Promise<RampResult> {
  const perMessage = fleet.shape.members;
  log(`    ${fleet.sockets.length} connections open; warming up`);
  await warmUp(fleet, Math.round(ramp.startDeliveries / perMessage), ramp.stepSeconds);
  const steps: StepResult[] = [];
  const measure = async (exponent: number): Promise<StepResult> => {
    const rate = Math.max(1, Math.round((ramp.startDeliveries * ramp.factor ** exponent) / perMessage));
    const step = await runStep(fleet, rate, ramp.stepSeconds);
    steps.push(step);
    log(
      `    ${rate} msg/s → ${step.deliveriesPerSecond} deliveries/s, p99 ${step.latency.p99.toFixed(1)} ms, ` +
        `client ${step.clientCpu.toFixed(2)} / server ${step.serverCpu.toFixed(2)} cores, ` +
        `${step.serverMicrosPerMessage} server µs/msg` +
        (step.commits === undefined ? '' : `, ${step.commits.count} commits of ${step.commits.meanBatch} msgs in ${step.commits.meanMs} ms`),
    );
    await drain(fleet, 10_000, 1000);
    return step;
  };
  let best: StepResult | undefined;
  let stoppedBy: RampResult['stoppedBy'] = 'steps';
  for (let i = 0; i < ramp.maxSteps; i++) {
    const step = await measure(i);
    if (!sustainable(step)) {
      stoppedBy = step.latency.p99 > P99_LIMIT_MS ? 'p99' : 'deliveries';
      break;
    }
    best = step;
  }
  for (let down = 1; best === undefined && down <= MAX_STEPS_DOWN; down++) {
    const step = await measure(-down);
    if (sustainable(step)) best = step;
  }
  return {
    maxDeliveriesPerSecond: best?.deliveriesPerSecond ?? 0,
    maxRate: best?.rate ?? 0,
    ...(best === undefined ? {} : { best }),
    steps,
    stoppedBy,
    clientBound: best?.clientBound ?? false,
  };
}

async function rampOne(
  ctx: SuiteContext,
  name: ServerName,
  shape: Shape,
  ramp: Ramp,
  then?: (fleet: Fleet, result: RampResult) => Promise<void>,
): Promise<RampResult> {
  const target = await ctx.startTarget(name, THROUGHPUT_BACKPRESSURE_BYTES);
  try {
    const { fleet } = await Fleet.open(target, shape);
    const result = await rampUp(fleet, ramp, ctx.log);
    await then?.(fleet, result);
    await ctx.finish(`S1 ${shapeLabel(shape)}`, fleet);
    return result;
  } finally {
    await target.stop();
  }
}

/**
 * S1 on every shape and, when `s2` is given, S2 on each server's main-shape fleet after its ramp. The raw relay goes
 * first, so its best rate, S2's 100%, is known before any other server's S2.
 */
export async function runS1(ctx: SuiteContext, withS2: boolean): Promise<{ s1: S1Result; s2: S2Result }> {
  const result: S1Result = { shapes: [] };
  const mainRamp = ctx.settings.s1.ramp;
  const members = ctx.settings.s1.main.members;
  const s2: S2Result = { baseRate: 0, servers: {}, p99_ms_at_50pct: 0, p99_over_raw_ms_at_50pct: null };
  const main: S1Result['shapes'][number] = { shape: shapeLabel(ctx.settings.s1.main), servers: {} };
  for (const name of ctx.servers) {
    ctx.log(`  S1 ${main.shape} ${name}`);
    const result = await ctx.attempt(`S1 ${main.shape} ${name}`, () =>
      rampOne(ctx, name, ctx.settings.s1.main, mainRamp, async (fleet, ramp) => {
        if (name === 'uws') {
          // If the relay sustained no step, its first step's rate stands in, so S2 still runs.
          s2.baseRate = ramp.maxRate || ramp.steps[0]?.rate || Math.max(1, Math.round(mainRamp.startDeliveries / members));
        }
        if (withS2) await measureS2(ctx, fleet, s2);
      }),
    );
    if (result !== undefined) main.servers[name] = result;
  }
  result.shapes.push(main);
  for (const shape of ctx.settings.s1.sweep) {
    const entry: S1Result['shapes'][number] = { shape: shapeLabel(shape), servers: {} };
    for (const name of ctx.servers) {
      // The sweep starts each server at half its main-shape maximum and climbs in finer steps, so it needs few.
      const known = main.servers[name]?.maxDeliveriesPerSecond ?? 0;
      const ramp: Ramp =
        known > 0
          ? { ...mainRamp, startDeliveries: known / 2, factor: Math.sqrt(mainRamp.factor), maxSteps: Math.min(mainRamp.maxSteps, 6) }
          : mainRamp;
      ctx.log(`  S1 ${entry.shape} ${name}`);
      const swept = await ctx.attempt(`S1 ${entry.shape} ${name}`, () => rampOne(ctx, name, shape, ramp));
      if (swept !== undefined) entry.servers[name] = swept;
    }
    result.shapes.push(entry);
  }
  return { s1: result, s2 };
}
