// S3 direct messages: two-member rooms, each message acked (iChat: after commit; relays: the sender's own copy).

import type { LatencySummary } from '../accounting/latency.js';
import { Fleet } from '../load/fleet.js';
import type { ServerName } from '../load/target.js';
import type { SuiteContext } from './context.js';
import { rampUp, THROUGHPUT_BACKPRESSURE_BYTES } from './s1-fanout.js';

export interface S3Point {
  messagesPerSecond: number;
  acksPerSecond: number;
  ackLatency: LatencySummary | undefined;
  stoppedBy: string;
  clientBound: boolean;
  /** Server CPU µs per message at the ramp's first rate (the same rate for every server). */
  firstStepMicrosPerMessage: number;
}

export interface S3Result {
  pairs: number;
  servers: Partial<Record<ServerName, S3Point>>;
}

export async function runS3(ctx: SuiteContext): Promise<S3Result> {
  const pairs = ctx.settings.s3.pairs;
  const result: S3Result = { pairs, servers: {} };
  for (const name of ctx.servers) {
    ctx.log(`  S3 ${name}`);
    await ctx.attempt(`S3 ${name}`, async () => {
      const target = await ctx.startTarget(name, THROUGHPUT_BACKPRESSURE_BYTES);
      try {
        const { fleet } = await Fleet.open(target, { rooms: pairs, members: 2 });
        const ramp = await rampUp(fleet, ctx.settings.s3.ramp, ctx.log);
        result.servers[name] = {
          messagesPerSecond: ramp.maxRate,
          acksPerSecond: ramp.best?.acksPerSecond ?? 0,
          ackLatency: ramp.best?.ackLatency,
          stoppedBy: ramp.stoppedBy,
          clientBound: ramp.clientBound,
          firstStepMicrosPerMessage: ramp.steps[0]?.serverMicrosPerMessage ?? 0,
        };
        await ctx.finish('S3', fleet);
      } finally {
        await target.stop();
      }
    });
  }
  return result;
}
