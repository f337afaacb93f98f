// S3 direct messages: two-member rooms, each message acked (iChat: after commit; relays: the sender's own copy).

import { boolean, int, number, object, optional, string, type Infer } from '@ichat/protocol';
import { LatencySummarySchema } from '../accounting/latency.js';
import { Fleet } from '../load/fleet.js';
import { perServer } from '../load/target.js';
import type { SuiteContext } from './context.js';
import { rampUp, THROUGHPUT_BACKPRESSURE_BYTES } from './s1-fanout.js';

export const S3PointSchema = object({
  messagesPerSecond: number(0),
  acksPerSecond: number(0),
  /** The best step's ack latency (left out when no step met the limits). */
  ackLatency: optional(LatencySummarySchema),
  stoppedBy: string(),
  clientBound: boolean,
  /** Server CPU µs per message at the ramp's first rate (the same rate for every server). */
  firstStepMicrosPerMessage: number(0),
  /** Server CPU µs per message at the best step, `messagesPerSecond` (left out when no step met the limits). */
  bestStepMicrosPerMessage: optional(number(0)),
});
export type S3Point = Infer<typeof S3PointSchema>;

export const S3ResultSchema = object({ pairs: int(), servers: perServer(S3PointSchema) });
export type S3Result = Infer<typeof S3ResultSchema>;

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
          ...(ramp.best === undefined ? {} : { ackLatency: ramp.best.ackLatency }),
          stoppedBy: ramp.stoppedBy,
          clientBound: ramp.clientBound,
          firstStepMicrosPerMessage: ramp.steps[0]?.serverMicrosPerMessage ?? 0,
          ...(ramp.best === undefined ? {} : { bestStepMicrosPerMessage: ramp.best.serverMicrosPerMessage }),
        };
        await ctx.finish('S3', fleet);
      } finally {
        await target.stop();
      }
    });
  }
  return result;
}
