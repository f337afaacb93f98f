// The shared counts on the real Redis and NATS: two instances stand for two nodes of one cluster.

import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { NatsLimits } from '../../src/limits/nats-limits.js';
import { RedisLimits } from '../../src/limits/redis-limits.js';
import type { SharedLimits } from '../../src/limits/shared-limits.js';
import { removeNatsBuckets } from '../support/brokers.js';
import { NATS_URL, REDIS_URL } from '../support/cluster.js';
import { eventually } from '../support/wait.js';

/** Short, so that a node stopped without cleanup is forgotten within the test. */
const NODE_TTL_MS = 900;

interface Backend {
  /** A node's limits under `prefix`, closed (with cleanup) after the test unless it was closed already. */
  node(prefix: string): Promise<SharedLimits>;
}

let redis: Redis;
let nats: NatsConnection;

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { enableOfflineQueue: false, lazyConnect: true });
  await redis.connect();
  nats = await connect({ servers: new URL(NATS_URL).host });
});

afterAll(async () => {
  redis.disconnect();
  await nats.close();
});

const backends: [string, Backend][] = [
  ['Redis', { node: (prefix) => Promise.resolve(closedAfter(new RedisLimits(redis, prefix, { nodeTtlMs: NODE_TTL_MS }))) }],
  [
    'NATS',
    {
      node: async (prefix) => {
        const limits = closedAfter(new NatsLimits(nats, prefix, { nodeTtlMs: NODE_TTL_MS }));
        await limits.start();
        return limits;
      },
    },
  ],
];

function closedAfter<T extends SharedLimits>(limits: T): T {
  onTestFinished(() => limits.close(true));
  return limits;
}

/** A cluster prefix of the test's own; its NATS buckets are removed after the test. */
function freshPrefix(): string {
  const prefix = `t${randomBytes(6).toString('hex')}`;
  onTestFinished(() => removeNatsBuckets(NATS_URL, prefix));
  return prefix;
}

describe.each(backends)('shared limits on %s', (_name, backend) => {
  it('counts the hits of two nodes in one window, each hit seeing its own count', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await backend.node(prefix), await backend.node(prefix)];
    const counts = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).hit('login:ada', 60_000, 1)));
    // Atomic increments: every hit saw a different count, none was lost.
    expect(counts.map((count) => count.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (const count of counts) {
      expect(count.resetInMs).toBeGreaterThan(50_000);
      expect(count.resetInMs).toBeLessThanOrEqual(60_000);
    }
    expect((await b.hit('login:ada', 60_000, -1)).count).toBe(11);
    await a.clear('login:ada', 60_000);
    expect((await b.hit('login:ada', 60_000, 1)).count).toBe(1);
  });

  it('starts a new window once the last one ended, and a give-back starts none', async () => {
    const limits = await backend.node(freshPrefix());
    expect((await limits.hit('register:1', 1000, -1)).count).toBe(0);
    expect((await limits.hit('register:1', 1000, 1)).count).toBe(1);
    expect((await limits.hit('register:1', 1000, 1)).count).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await limits.hit('register:1', 1000, 1)).count).toBe(1);
  });

  it('caps the sockets of an address across nodes, and frees a place when one closes', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await backend.node(prefix), await backend.node(prefix)];
    const admitted = await Promise.all([a, b, a, b, a, b].map((node) => node.addConnection('203.0.113.7', 4)));
    expect(admitted.filter(Boolean)).toHaveLength(4);
    expect(await a.connections('203.0.113.7')).toBe(4);
    expect(await b.addConnection('203.0.113.8', 4)).toBe(true);
    const holder = admitted.findIndex(Boolean) % 2 === 0 ? a : b;
    holder.removeConnection('203.0.113.7');
    await eventually(async () => ((await b.connections('203.0.113.7')) === 3 ? true : undefined), 'the closed socket to stop counting');
    expect(await b.addConnection('203.0.113.7', 4)).toBe(true);
    expect(await a.addConnection('203.0.113.7', 4)).toBe(false);
  });

  it("forgets the sockets of a node that stopped without cleanup once its heartbeat expires", async () => {
    const prefix = freshPrefix();
    const [survivor, dying] = [await backend.node(prefix), await backend.node(prefix)];
    expect(await survivor.addConnection('203.0.113.9', 3)).toBe(true);
    expect(await dying.addConnection('203.0.113.9', 3)).toBe(true);
    expect(await dying.addConnection('203.0.113.9', 3)).toBe(true);
    expect(await survivor.addConnection('203.0.113.9', 3)).toBe(false);
    await dying.close(false);
    const started = Date.now();
    await eventually(async () => ((await survivor.connections('203.0.113.9')) === 1 ? true : undefined), "the dead node's sockets to expire");
    expect(Date.now() - started).toBeLessThan(NODE_TTL_MS * 3);
    expect(await survivor.addConnection('203.0.113.9', 3)).toBe(true);
    // The survivor's own sockets never expire while it beats.
    await new Promise((resolve) => setTimeout(resolve, NODE_TTL_MS * 1.5));
    expect(await survivor.connections('203.0.113.9')).toBe(2);
  });
});
