// S6 slow consumers: 1% of members stop reading. The server's memory must stay bounded, the others' p99 unmoved.

import { boolean, int, nullable, number, object, type Infer } from '@ichat/protocol';
import { Fleet } from '../load/fleet.js';
import { runStep } from '../load/open-loop.js';
import { warmUp } from './s1-fanout.js';
import { perServer, type ServerName } from '../load/target.js';
import { DEFAULT_BACKPRESSURE_BYTES, type SuiteContext } from './context.js';

export const S6PointSchema = object({
  rate: number(0),
  slowMembers: int(),
  baselineP99: number(0),
  slowP99: number(0),
  rssBeforeBytes: number(0),
  rssPeakBytes: number(0),
  /** Slow members the server closed (iChat: 4008) by the end. */
  slowClosed: int(),
  clientBound: boolean,
});
export type S6Point = Infer<typeof S6PointSchema>;

export const S6ResultSchema = object({
  servers: perServer(S6PointSchema),
  /** iChat's p99 with slow consumers minus the raw relay's, in ms (null unless both ran). */
  p99_over_raw_ms: nullable(number()),
});
export type S6Result = Infer<typeof S6ResultSchema>;

/**
 * Runs at half of each server's own sustainable S1 rate (or a default when S1 did not run), with the default
 * 1 MiB slow-consumer limit, first with every member reading, then with the slow ones paused.
 */
export async function runS6(ctx: SuiteContext, rates: Partial<Record<ServerName, number>>): Promise<S6Result> {
  const { shape, slowShare, baselineSeconds, slowSeconds, defaultDeliveries } = ctx.settings.s6;
  const result: S6Result = { servers: {}, p99_over_raw_ms: null };
  for (const name of ctx.servers) {
    ctx.log(`  S6 ${name}`);
    await ctx.attempt(`S6 ${name}`, async () => {
      const target = await ctx.startTarget(name, DEFAULT_BACKPRESSURE_BYTES);
      try {
        const { fleet } = await Fleet.open(target, shape);
        const rate = Math.max(1, Math.round((rates[name] ?? defaultDeliveries / shape.members) / 2));
        await warmUp(fleet, rate, baselineSeconds);
        const baseline = await runStep(fleet, rate, baselineSeconds);
        const rssBefore = target.server.rss;
        // Slow members are never a room's sender (member 0 of a room): senders must keep sending.
        const total = shape.rooms * shape.members;
        const count = Math.max(1, Math.round(total * slowShare));
        const slow = Array.from({ length: Math.min(count, shape.rooms * (shape.members - 1)) }, (_, i) => {
          const room = i % shape.rooms;
          return room * shape.members + 1 + (Math.floor(i / shape.rooms) % (shape.members - 1));
        });
        fleet.makeSlow(slow);
        let rssPeak = rssBefore;
        const sampler = setInterval(() => {
          rssPeak = Math.max(rssPeak, target.server.rss);
        }, 100);
        const loaded = await runStep(fleet, rate, slowSeconds);
        clearInterval(sampler);
        rssPeak = Math.max(rssPeak, target.server.rss);
        const slowSet = new Set(slow);
        const slowClosed = slow.filter((member) => fleet.sockets[member]?.closed === true).length;
        result.servers[name] = {
          rate,
          slowMembers: count,
          baselineP99: baseline.latency.p99,
          slowP99: loaded.latency.p99,
          rssBeforeBytes: rssBefore,
          rssPeakBytes: rssPeak,
          slowClosed,
          clientBound: baseline.clientBound || loaded.clientBound,
        };
        ctx.log(
          `    p99 ${baseline.latency.p99.toFixed(1)} → ${loaded.latency.p99.toFixed(1)} ms, RSS ` +
            `${(rssBefore / 2 ** 20).toFixed(0)} → peak ${(rssPeak / 2 ** 20).toFixed(0)} MiB, ${slowClosed}/${count} slow closed`,
        );
        await ctx.finish('S6', fleet, slowSet);
      } finally {
        await target.stop();
      }
    });
  }
  result.p99_over_raw_ms = s6P99OverRaw(result.servers);
  return result;
}

/** iChat's p99 with slow consumers minus the raw relay's, rounded to µs; null unless both ran. */
export function s6P99OverRaw(servers: S6Result['servers']): number | null {
  const ichat = servers.ichat?.slowP99;
  const raw = servers.uws?.slowP99;
  return ichat === undefined || raw === undefined ? null : Math.round((ichat - raw) * 1000) / 1000;
}
