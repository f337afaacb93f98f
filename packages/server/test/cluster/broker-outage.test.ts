// The broker lost mid-run (Redis connections killed, a NATS server killed and restarted): chat resumes by itself,
// every acked message reaches every member once and in order, gaps filled from the database.

import type { Message } from '@ichat/protocol';
import { UNLIMITED_FLAGS } from '@ichat/test-kit';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createGroup, person, sendText } from '../support/chat.js';
import { killRedisConnections, NatsServer } from '../support/brokers.js';
import { receivedMessages, seqsUpTo, untilInRoom, untilReceived } from '../support/cluster-chat.js';
import { REDIS_URL, repairedMessages, TestCluster } from '../support/cluster.js';
import type { TestClient } from '../support/test-client.js';
import { sleep } from '../support/wait.js';

/** Sends `count` messages one after another, a little apart, so an outage falls in the middle of them. */
async function sendSteadily(client: TestClient, roomId: number, count: number, prefix: string): Promise<Message[]> {
  const acked: Message[] = [];
  for (let i = 1; i <= count; i++) {
    acked.push(await sendText(client, roomId, `${prefix}${i}`));
    await sleep(10);
  }
  return acked;
}

/** Three members on two nodes chat while `outage` runs; afterwards each has every stored seq once, in order. */
async function chatThrough(cluster: TestCluster, outage: () => Promise<void>): Promise<void> {
  const ada = await person(cluster.node(0), 'ada');
  const bob = await person(cluster.node(1), 'bob');
  const cat = await person(cluster.node(1), 'cat');
  const group = await createGroup(ada.client, 'outage', [bob.user, cat.user]);
  for (const { client } of [bob, cat]) await untilInRoom(client, group.roomId);

  const sending = Promise.all([sendSteadily(ada.client, group.roomId, 60, 'a'), sendSteadily(bob.client, group.roomId, 60, 'b')]);
  await sleep(300);
  await outage();
  const acked = (await sending).flat();

  const stored = cluster.node(0).db.messages(group.roomId);
  expect(stored.map((m) => m.seq)).toEqual(seqsUpTo(120));
  expect(new Set(acked.map((m) => m.seq)).size).toBe(120);
  for (const { client } of [ada, bob, cat]) {
    await untilReceived(client, group.roomId, 120, 20_000);
    await client.sync();
    expect(receivedMessages(client, group.roomId).map((m) => [m.seq, m.text])).toEqual(stored.map((m) => [m.seq, m.text]));
  }
}

describe('a broker outage', () => {
  it('over Redis: the nodes reconnect when their connections are killed, and fill the gaps from the database', async () => {
    const cluster = await TestCluster.start(2, REDIS_URL, UNLIMITED_FLAGS);
    onTestFinished(() => cluster.dispose());
    await chatThrough(cluster, async () => {
      // Each node has a publishing and a subscribed connection.
      expect(await killRedisConnections(REDIS_URL, cluster.prefix)).toBe(4);
    });
    expect(await repairedMessages(cluster)).toBeGreaterThan(0);
    for (const node of cluster.nodes) expect((await node.http('/healthz')).body).toMatchObject({ status: 'ok', broker: 'connected' });
  });

  it('over NATS: the nodes reconnect when the server is killed and started again, and fill the gaps from the database', async () => {
    const nats = await NatsServer.start();
    onTestFinished(() => nats.kill());
    const cluster = await TestCluster.start(2, nats.url, UNLIMITED_FLAGS);
    onTestFinished(() => cluster.dispose());
    await chatThrough(cluster, async () => {
      await nats.kill();
      await sleep(200);
      const during = (await cluster.node(0).http('/healthz')).body;
      expect(during).toMatchObject({ status: 'ok', broker: 'reconnecting' });
      await sleep(300);
      await nats.restart();
    });
    // Chat resumes from the database's gap repair before every node's NATS client is back (it retries every 2 s or so).
    for (const node of cluster.nodes) {
      await vi.waitFor(async () => expect((await node.http('/healthz')).body).toMatchObject({ status: 'ok', broker: 'connected' }), {
        timeout: 15_000,
        interval: 250,
      });
    }
  });
});
