// The cluster's shared parts restarted under load: three ichat-server processes behind nginx while the broker (Redis,
// then NATS) or PostgreSQL is killed and started again, twice each. Chat resumes by itself, /healthz says the part was
// down and is back, and every acked message is stored once and reaches every member once and in order. Each test
// restarts a server of its own, never the machine's shared ones.

import { randomBytes } from 'node:crypto';
import { flagArgs, freePort, requireServerBuild, ServerProcess, UNLIMITED_FLAGS } from '@ichat/test-kit';
import { createTestDatabase } from '@ichat/test-kit/postgres';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { NatsServer } from '../support/brokers.js';
import { SteadyChat } from '../support/cluster-load.js';
import { NginxBalancer, nginxInstalled } from '../support/nginx.js';
import { installed, postgresBinaries, PrivatePostgres, PrivateRedis } from '../support/private-services.js';
import { eventually, sleep } from '../support/wait.js';

const SECRET = 'a test secret that is long enough to sign with';
const NODES = 3;
const RESTARTS = 2;
/** Chat between restarts, and before the first: enough for a few hundred messages on every node. */
const CHAT_MS = 2500;
/** How long a part stays down once every node has seen it go. */
const DOWN_MS = 1000;
const HAS_NGINX = await nginxInstalled();
const HAS_REDIS = await installed('redis-server');
const HAS_NATS = await installed('nats-server');
const POSTGRES_BIN = await postgresBinaries();

beforeAll(requireServerBuild);

/** Three nodes on `databaseUrl` and `brokerUrl`, behind nginx; all stopped when the test ends. */
async function startCluster(databaseUrl: string, brokerUrl: string): Promise<{ nodes: ServerProcess[]; url: string }> {
  const prefix = `t${randomBytes(6).toString('hex')}`;
  const args = ['--secret', SECRET, '--broker-url', brokerUrl, '--broker-prefix', prefix, ...flagArgs(UNLIMITED_FLAGS)];
  const nodes: ServerProcess[] = [];
  onTestFinished(async () => {
    for (const node of nodes) await node.dispose();
  });
  // The first migrates the database before the others open it; those start together.
  const start = async (): Promise<ServerProcess> => ServerProcess.start({ database: databaseUrl, port: await freePort(), args });
  nodes.push(await start());
  const others = await Promise.allSettled(Array.from({ length: NODES - 1 }, start));
  for (const other of others) if (other.status === 'fulfilled') nodes.push(other.value);
  for (const other of others) if (other.status === 'rejected') throw other.reason;
  const nginx = await NginxBalancer.start(nodes.map((node) => node.port));
  onTestFinished(() => nginx.stop());
  return { nodes, url: nginx.url };
}

type Health = { status: string; database: string; broker: string };

async function health(node: ServerProcess): Promise<Health> {
  // A node answers 503 while its database is down, with the same body.
  const response = await fetch(`${node.url}/healthz`).catch((error: unknown) => {
    const exit = node.running ? 'running' : `exited ${String(node.process.exitCode ?? node.process.signalCode)}`;
    throw new Error(`${String(error)}: the node on port ${node.port} is ${exit}; its last output:\n${node.stderr().slice(-2000)}${node.stdout().slice(-3000)}`);
  });
  return (await response.json()) as Health;
}

/** Waits until every node's /healthz matches `expected`, e.g. `{ broker: 'reconnecting' }`. */
async function everyNodeReports(nodes: readonly ServerProcess[], expected: Partial<Health>, ms = 15_000): Promise<void> {
  for (const [index, node] of nodes.entries()) {
    await eventually(
      async () => {
        const body = await health(node);
        return Object.entries(expected).every(([key, value]) => body[key as keyof Health] === value) ? true : undefined;
      },
      `node ${index}'s /healthz to report ${JSON.stringify(expected)}`,
      ms,
    );
  }
}

/** A shared part the test can take down and bring back, and how /healthz shows it. */
interface Outage {
  readonly label: string;
  readonly stop: () => Promise<void>;
  readonly start: () => Promise<void>;
  readonly down: Partial<Health>;
  readonly up: Partial<Health>;
}

/** Chats through the cluster while each outage happens {@link RESTARTS} times in turn, then checks every guarantee. */
async function chatThroughRestarts(cluster: { nodes: ServerProcess[]; url: string }, databaseUrl: string, outages: readonly Outage[]): Promise<void> {
  const chat = await SteadyChat.start(cluster.url);
  const started = Date.now();
  for (const outage of outages) {
    for (let restart = 1; restart <= RESTARTS; restart++) {
      await sleep(CHAT_MS);
      await outage.stop();
      await everyNodeReports(cluster.nodes, outage.down);
      await sleep(DOWN_MS);
      await outage.start();
      await everyNodeReports(cluster.nodes, outage.up);
      // Chat resumes by itself: no client is told anything, no node restarted.
      await chat.whenMoreAcked(`acks after ${outage.label} restart ${restart}`);
    }
  }
  await sleep(CHAT_MS);
  const { acked, resumes } = await chat.finish(databaseUrl);
  const labels = outages.map(({ label }) => label).join(', then ');
  console.info(`${labels} restarted ${RESTARTS} times each: ${acked} messages acked in ${Date.now() - started} ms through nginx, ${resumes} resumes`);
  expect(cluster.nodes.every((node) => node.running)).toBe(true);
}

describe('three server processes behind nginx while a shared part restarts', () => {
  // One cluster for both, on a PostgreSQL and a Redis of the test's own: each node start costs seconds.
  it.skipIf(!HAS_NGINX || !HAS_REDIS || POSTGRES_BIN === undefined)(
    `Redis killed, then PostgreSQL crashed, and started again ${RESTARTS} times each: chat resumes, nothing acked is lost`,
    async () => {
      const postgres = await PrivatePostgres.start(POSTGRES_BIN ?? '');
      onTestFinished(() => postgres.dispose());
      const redis = await PrivateRedis.start();
      onTestFinished(() => redis.kill());
      const cluster = await startCluster(postgres.url, redis.url);
      await chatThroughRestarts(cluster, postgres.url, [
        {
          label: 'Redis',
          stop: () => redis.kill(),
          start: () => redis.restart(),
          down: { status: 'ok', broker: 'reconnecting' },
          up: { status: 'ok', broker: 'connected' },
        },
        {
          label: 'PostgreSQL',
          stop: () => postgres.crash(),
          start: () => postgres.startAgain(),
          down: { status: 'degraded', database: 'down' },
          up: { status: 'ok', database: 'ok' },
        },
      ]);
    },
    120_000,
  );

  it.skipIf(!HAS_NGINX || !HAS_NATS)(`NATS killed and started again ${RESTARTS} times: chat resumes, nothing acked is lost`, async () => {
    const nats = await NatsServer.start();
    onTestFinished(() => nats.kill());
    const database = await createTestDatabase('restarts');
    onTestFinished(() => database.drop(), 60_000);
    const cluster = await startCluster(database.value, nats.url);
    await chatThroughRestarts(cluster, database.value, [
      {
        label: 'NATS',
        stop: () => nats.kill(),
        start: () => nats.restart(),
        down: { status: 'ok', broker: 'reconnecting' },
        up: { status: 'ok', broker: 'connected' },
      },
    ]);
  }, 90_000);
});
