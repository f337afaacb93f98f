// S7 cluster: three iChat nodes on PostgreSQL with Redis, and with NATS, against one node on PostgreSQL without a
// broker; direct and group traffic at a fixed rate, members spread over the nodes. What the broker costs: server CPU
// per message summed over the nodes, and whether every message still arrives once and in order.

import { array, int, number, object, oneOf, optional, type Infer } from '@ichat/protocol';
import { createTestDatabase, TEST_POSTGRES_URL } from '@ichat/test-kit/postgres';
import { LatencySummarySchema } from '../accounting/latency.js';
import { Fleet, type Shape } from '../load/fleet.js';
import { startIChatCluster } from '../load/ichat-target.js';
import { runStep } from '../load/open-loop.js';
import { DEFAULT_BACKPRESSURE_BYTES, type SuiteContext } from './context.js';

/** The brokers the cluster runs on: the machine's, as the server's cluster suites use them. */
const REDIS_URL = process.env['ICHAT_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env['ICHAT_TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';

export const BrokerSchema = oneOf(['none', 'redis', 'nats']);
export type Broker = Infer<typeof BrokerSchema>;

/** One kind of traffic on one setup. */
export const S7TrafficSchema = object({
  rooms: int(),
  members: int(),
  /** Messages per second sent, over every room. */
  rate: number(0),
  sent: int(),
  deliveriesPerSecond: number(0),
  latency: LatencySummarySchema,
  /** Server CPU µs per message, summed over every node. */
  serverMicrosPerMessage: number(0),
  /** Deliveries lost, duplicated or out of order, and acked messages missing from PostgreSQL: all must be 0. */
  lost: int(),
  duplicated: int(),
  reordered: int(),
  storeMissing: int(),
  /** This setup's CPU per message ÷ the single node's, for the same traffic (left out on the single node). */
  cpuVsSingle: optional(number(0)),
});
export type S7Traffic = Infer<typeof S7TrafficSchema>;

export const S7SetupSchema = object({
  broker: BrokerSchema,
  nodes: int(),
  direct: optional(S7TrafficSchema),
  group: optional(S7TrafficSchema),
});
export type S7Setup = Infer<typeof S7SetupSchema>;

export const S7ResultSchema = object({ seconds: number(0), setups: array(S7SetupSchema) });
export type S7Result = Infer<typeof S7ResultSchema>;

/** The single node first: the others are compared with it. */
const SETUPS: readonly { broker: Broker; nodes: number; url: string | undefined }[] = [
  { broker: 'none', nodes: 1, url: undefined },
  { broker: 'redis', nodes: 3, url: REDIS_URL },
  { broker: 'nats', nodes: 3, url: NATS_URL },
];

/** Runs one kind of traffic on a fresh cluster and database; undefined when the cell failed (recorded in ctx). */
async function runTraffic(ctx: SuiteContext, setup: (typeof SETUPS)[number], kind: 'direct' | 'group', shape: Shape, rate: number): Promise<S7Traffic | undefined> {
  const label = `S7 ${setup.broker === 'none' ? 'one node' : `${setup.nodes} nodes on ${setup.broker}`} ${kind}`;
  ctx.log(`  ${label}`);
  return ctx.attempt(label, async () => {
    const database = await createTestDatabase('bench', TEST_POSTGRES_URL);
    try {
      const options = { plan: ctx.plan, workdir: ctx.workdir, maxBackpressureBytes: DEFAULT_BACKPRESSURE_BYTES };
      const target = await startIChatCluster(options, { database: database.value, brokerUrl: setup.url, nodes: setup.nodes });
      try {
        const { fleet } = await Fleet.open(target, shape);
        const cpu = (): number => target.nodes.reduce((total, node) => total + node.cpuSeconds, 0);
        const before = cpu();
        const step = await runStep(fleet, rate, ctx.settings.s7.seconds);
        const micros = Math.round(((cpu() - before) * 1e6) / step.sent);
        const record = await ctx.finish(label, fleet);
        ctx.log(`    ${step.deliveriesPerSecond} deliveries/s, p99 ${step.latency.p99} ms, ${micros} server µs/msg over the nodes`);
        return {
          rooms: shape.rooms,
          members: shape.members,
          rate,
          sent: step.sent,
          deliveriesPerSecond: step.deliveriesPerSecond,
          latency: step.latency,
          serverMicrosPerMessage: micros,
          lost: record.lost,
          duplicated: record.duplicated + record.storeUnacked,
          reordered: record.reordered + record.storeMisordered,
          storeMissing: record.storeMissing,
        };
      } finally {
        await target.stop();
      }
    } finally {
      await database.drop();
    }
  });
}

export async function runS7(ctx: SuiteContext): Promise<S7Result> {
  const started = performance.now();
  const { pairs, directRate, group, groupRate } = ctx.settings.s7;
  const setups: S7Setup[] = [];
  for (const setup of SETUPS) {
    const direct = await runTraffic(ctx, setup, 'direct', { rooms: pairs, members: 2 }, directRate);
    const grouped = await runTraffic(ctx, setup, 'group', group, groupRate);
    setups.push({ broker: setup.broker, nodes: setup.nodes, ...(direct === undefined ? {} : { direct }), ...(grouped === undefined ? {} : { group: grouped }) });
  }
  const single = setups[0];
  for (const setup of setups.slice(1)) {
    for (const kind of ['direct', 'group'] as const) {
      const traffic = setup[kind];
      const base = single?.[kind]?.serverMicrosPerMessage ?? 0;
      if (traffic !== undefined && base > 0) traffic.cpuVsSingle = Math.round((traffic.serverMicrosPerMessage / base) * 100) / 100;
    }
  }
  return { seconds: Math.round((performance.now() - started) / 1000), setups };
}
