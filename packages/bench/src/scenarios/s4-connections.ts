// S4 connections: idle (for iChat, authenticated) connections: server RSS and heap per connection, connects/s.

import { array, int, nullable, number, object, optional, type Infer } from '@ichat/protocol';
import { Fleet } from '../load/fleet.js';
import { perServer } from '../load/target.js';
import type { SuiteContext } from './context.js';

export const S4PointSchema = object({
  connections: int(),
  connectsPerSecond: number(0),
  /** May be negative: RSS can shrink while connections open (the allocator returns memory). */
  rssBytesPerConn: number(),
  /** Null when the server cannot tell its heap. */
  heapBytesPerConn: nullable(number()),
  /**
   * Server CPU (user and system, every thread) per second while the connections sat idle, in ms: what keeping them
   * open costs when nobody says anything. Measured at the largest count only (and absent from earlier results).
   */
  idleCpuMsPerSecond: optional(number(0)),
});
export type S4Point = Infer<typeof S4PointSchema>;

export const S4ResultSchema = object({
  servers: perServer(array(S4PointSchema)),
  /** iChat's RSS per connection at the largest count. */
  rss_bytes_per_conn: number(),
});
export type S4Result = Infer<typeof S4ResultSchema>;

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Server CPU per wall-clock second over `ms` of waiting, in ms, after the connects' own aftermath (collections, lazy
 * compilation) had `calmMs` to settle. The kernel counts CPU in 10 ms ticks, so 5 s resolve 2 ms/s.
 */
async function idleCpuMsPerSecond(cpuSeconds: () => number, calmMs: number, ms: number): Promise<number> {
  await settle(calmMs);
  const before = cpuSeconds();
  const started = performance.now();
  await settle(ms);
  const msPerSecond = ((cpuSeconds() - before) * 1_000_000) / (performance.now() - started);
  return Math.round(msPerSecond * 10) / 10;
}

export async function runS4(ctx: SuiteContext): Promise<S4Result> {
  const result: S4Result = { servers: {}, rss_bytes_per_conn: 0 };
  for (const name of ctx.servers) {
    const points: S4Point[] = [];
    for (const count of ctx.settings.s4.counts) {
      ctx.log(`  S4 ${name} ${count}`);
      await ctx.attempt(`S4 ${name} ${count}`, async () => {
        const target = await ctx.startTarget(name);
        try {
          // Accounts are written before the baseline, so the figure is what connections cost, not the accounts.
          await target.prepareMembers(count);
          await settle(ctx.mode === 'quick' ? 100 : 500);
          const rssBefore = target.server.rss;
          const heapBefore = await target.heapUsed();
          const { fleet, stats } = await Fleet.open(target, { rooms: count, members: 1 }, { idle: true });
          await settle(ctx.mode === 'quick' ? 100 : 1500);
          const rssAfter = target.server.rss;
          const heapAfter = await target.heapUsed();
          const largest = count === ctx.settings.s4.counts.at(-1);
          const idleCpu = largest ? await idleCpuMsPerSecond(() => target.server.cpuSeconds, ctx.mode === 'quick' ? 0 : 2000, ctx.mode === 'quick' ? 1000 : 5000) : undefined;
          points.push({
            connections: count,
            connectsPerSecond: stats.connectsPerSecond,
            rssBytesPerConn: Math.round((rssAfter - rssBefore) / count),
            heapBytesPerConn:
              heapBefore === undefined || heapAfter === undefined ? null : Math.round((heapAfter - heapBefore) / count),
            ...(idleCpu === undefined ? {} : { idleCpuMsPerSecond: idleCpu }),
          });
          ctx.log(
            `    ${stats.connectsPerSecond} connects/s, ${Math.round((rssAfter - rssBefore) / count)} B RSS per connection` +
              (idleCpu === undefined ? '' : `, ${idleCpu} ms of server CPU a second while idle`),
          );
          await ctx.finish(`S4 ${count}`, fleet);
        } finally {
          await target.stop();
        }
      });
    }
    result.servers[name] = points;
    if (name === 'ichat') result.rss_bytes_per_conn = points[points.length - 1]?.rssBytesPerConn ?? 0;
  }
  return result;
}
