// The cluster as it is deployed: three ichat-server processes on one PostgreSQL database and one broker (Redis, then
// NATS), behind nginx (round-robin, no stickiness); SDK clients chat through nginx while nodes are killed with SIGKILL
// and restarted.
// Every acked message is stored once, every member receives every seq once and in order, and that equals PostgreSQL.

import { randomBytes } from 'node:crypto';
import { flagArgs, freePort, requireServerBuild, ServerProcess, UNLIMITED_FLAGS } from '@ichat/test-kit';
import { createTestDatabase } from '@ichat/test-kit/postgres';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { removeNatsBuckets } from '../support/brokers.js';
import { NATS_URL, REDIS_URL } from '../support/cluster.js';
import { SteadyChat } from '../support/cluster-load.js';
import { NginxBalancer, nginxInstalled } from '../support/nginx.js';
import { sleep } from '../support/wait.js';

const SECRET = 'a test secret that is long enough to sign with';
const NODES = 3;
const KILLS = 10;
const HAS_NGINX = await nginxInstalled();

beforeAll(requireServerBuild);

describe.each([
  ['Redis', REDIS_URL],
  ['NATS', NATS_URL],
])('three server processes on PostgreSQL and %s behind nginx', (_name, brokerUrl) => {
  it.skipIf(!HAS_NGINX)(`keep every guarantee while nodes are killed with SIGKILL ${KILLS} times`, async () => {
    const database = await createTestDatabase('cluster');
    // Dropping a database makes PostgreSQL checkpoint, which can take a while on a busy machine.
    onTestFinished(() => database.drop(), 60_000);
    const prefix = `t${randomBytes(6).toString('hex')}`;
    // On NATS the nodes keep their shared counts in JetStream buckets named after the prefix: removed at the end.
    if (brokerUrl.startsWith('nats:')) onTestFinished(() => removeNatsBuckets(brokerUrl, prefix));
    const args = ['--secret', SECRET, '--broker-url', brokerUrl, '--broker-prefix', prefix, ...flagArgs(UNLIMITED_FLAGS)];
    const nodes: ServerProcess[] = [];
    onTestFinished(async () => {
      for (const node of nodes) await node.dispose();
    });
    // One after another: the first migrates the database before the others open it. Fixed ports, so nginx finds a
    // restarted node where it was.
    for (let i = 0; i < NODES; i++) {
      nodes.push(await ServerProcess.start({ database: database.value, port: await freePort(), args }));
    }
    const nginx = await NginxBalancer.start(nodes.map((node) => node.port));
    onTestFinished(() => nginx.stop());

    const chat = await SteadyChat.start(nginx.url);
    const started = Date.now();
    const killed: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      await sleep(800);
      const index = Math.floor(Math.random() * NODES);
      const node = nodes[index];
      if (node === undefined) throw new Error('no such node');
      await node.kill();
      killed.push(index);
      await sleep(200);
      await node.restart();
      if (process.env['ICHAT_TEST_TRACE']) process.stderr.write(`kill ${k + 1}: node ${index} back, ${chat.sent} acked\n`);
      // Chat goes on through the other nodes while this one is down and back.
      await chat.whenMoreAcked(`acks after killing node ${index}`);
    }
    const { acked, resumes } = await chat.finish(database.value);
    const chatMs = Date.now() - started;
    console.info(`cluster E2E: ${acked} messages acked in ${chatMs} ms through nginx, nodes killed: ${killed.join(',')}, ${resumes} resumes`);
    expect(killed).toHaveLength(KILLS);
    // The killed nodes' clients came back through nginx and caught up.
    expect(resumes).toBeGreaterThan(0);
    // About 90 s on an idle 2-core machine; the bound leaves room for a busy one, and every wait inside has its own.
  }, 180_000);
});
