// Open-loop load: messages leave on a fixed schedule whatever the server does, and latency counts from the schedule.

import { boolean, int, number, object, optional, type Infer } from '@ichat/protocol';
import { LatencySummarySchema } from '../accounting/latency.js';
import type { Fleet } from './fleet.js';

/** What one step at a fixed rate produced. */
export const StepResultSchema = object({
  /** Messages per second scheduled (across all rooms). */
  rate: number(0),
  seconds: number(0),
  sent: int(),
  expectedDeliveries: int(),
  /** Deliveries that arrived within the step plus its grace period. */
  deliveredInTime: int(),
  deliveriesPerSecond: number(0),
  acksPerSecond: number(0),
  latency: LatencySummarySchema,
  ackLatency: LatencySummarySchema,
  /** The load generator's own CPU use, in cores, during the step. */
  clientCpu: number(0),
  /** The server process's CPU use, in cores, during the step. */
  serverCpu: number(0),
  /**
   * Server CPU time per message sent, in µs: what one message costs the server whatever else shares the machine,
   * so it stays comparable when the wall-clock figures are disturbed.
   */
  serverMicrosPerMessage: number(0),
  /** iChat's group commits in the step: how many, their mean duration and mean size (left out for the relays). */
  commits: optional(object({ count: int(), meanMs: number(0), meanBatch: number(0) })),
  /** True when the load generator neared a full core: the figure may be the client's limit, not the server's. */
  clientBound: boolean,
});
export type StepResult = Infer<typeof StepResultSchema>;

/** Late deliveries still count for the step if they arrive this long after its last send. */
const GRACE_MS = 250;
const TICK_MS = 1;
/** A step is client-bound past this share of a core. */
export const CLIENT_BOUND_CPU = 0.9;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `rate` messages per second for `seconds`, round-robin over the fleet's rooms. Message i is due at
 * start + i/rate; every tick sends whatever is due, so a stalled event loop sends late but stamps the scheduled time.
 */
export async function runStep(fleet: Fleet, rate: number, seconds: number): Promise<StepResult> {
  fleet.latency.reset();
  fleet.ackLatency.reset();
  const rooms = fleet.shape.rooms;
  const total = Math.max(1, Math.round(rate * seconds));
  const intervalMs = 1000 / rate;
  const deliveredBefore = fleet.ledger.delivered;
  const expectedBefore = fleet.ledger.expectedDeliveries;
  const acksBefore = fleet.acks;
  const commitsBefore = await fleet.target.commitStats?.();
  const cpuBefore = process.cpuUsage();
  const serverCpuBefore = fleet.target.server.cpuSeconds;
  const start = performance.now();
  let next = 0;
  while (next < total) {
    const now = performance.now();
    while (next < total && start + next * intervalMs <= now) {
      fleet.send(next % rooms, start + next * intervalMs);
      next++;
    }
    await sleep(TICK_MS);
  }
  const sendEnd = performance.now();
  const expected = fleet.ledger.expectedDeliveries - expectedBefore;
  const deadline = sendEnd + GRACE_MS;
  while (performance.now() < deadline && fleet.ledger.delivered - deliveredBefore < expected) await sleep(5);
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const clientCpu = (cpu.user + cpu.system) / 1e6 / elapsed;
  const serverCpu = (fleet.target.server.cpuSeconds - serverCpuBefore) / elapsed;
  const deliveredInTime = fleet.ledger.delivered - deliveredBefore;
  const commitsAfter = await fleet.target.commitStats?.();
  let commits: StepResult['commits'];
  if (commitsBefore !== undefined && commitsAfter !== undefined && commitsAfter.commits > commitsBefore.commits) {
    const count = commitsAfter.commits - commitsBefore.commits;
    commits = {
      count,
      meanMs: Math.round(((commitsAfter.seconds - commitsBefore.seconds) * 1e6) / count) / 1000,
      meanBatch: Math.round(((commitsAfter.messages - commitsBefore.messages) * 10) / count) / 10,
    };
  }
  const sendSeconds = (sendEnd - start) / 1000;
  return {
    rate,
    seconds: sendSeconds,
    sent: total,
    expectedDeliveries: expected,
    deliveredInTime,
    deliveriesPerSecond: Math.round(Math.min(deliveredInTime, expected) / sendSeconds),
    acksPerSecond: Math.round((fleet.acks - acksBefore) / sendSeconds),
    latency: fleet.latency.summary(),
    ackLatency: fleet.ackLatency.summary(),
    clientCpu,
    serverCpu,
    serverMicrosPerMessage: Math.round(((fleet.target.server.cpuSeconds - serverCpuBefore) * 1e6) / total),
    ...(commits === undefined ? {} : { commits }),
    clientBound: clientCpu >= CLIENT_BOUND_CPU,
  };
}

/**
 * Waits until every expected delivery (and, for iChat, every ack) has arrived, until nothing has arrived for
 * `quietMs`, or until `timeoutMs`; true when all arrived. What is missing after that counts as lost.
 */
export async function drain(fleet: Fleet, timeoutMs: number, quietMs = 2000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  const settled = (): boolean =>
    fleet.ledger.delivered >= fleet.ledger.expectedDeliveries &&
    (fleet.target.name !== 'ichat' || fleet.acks >= fleet.ledger.sentTotal);
  let seen = fleet.ledger.delivered + fleet.acks;
  let lastProgress = performance.now();
  while (!settled() && performance.now() < deadline && performance.now() - lastProgress < quietMs) {
    await sleep(10);
    const now = fleet.ledger.delivered + fleet.acks;
    if (now !== seen) {
      seen = now;
      lastProgress = performance.now();
    }
  }
  // Anything still in flight after that is either lost or a duplicate the ledger must see: give it one more beat.
  await sleep(50);
  return settled();
}
