// The cluster as it is deployed: three ichat-server processes on one PostgreSQL database and one Redis, behind nginx
// (round-robin, no stickiness); SDK clients chat through nginx while nodes are killed with SIGKILL and restarted.
// Every acked message is stored once, every member receives every seq once and in order, and that equals PostgreSQL.

import { randomBytes } from 'node:crypto';
import { createClient, memoryStorage, type IChatClient, type Message } from '@ichat/sdk';
import { flagArgs, freePort, requireServerBuild, ServerProcess, UNLIMITED_FLAGS } from '@ichat/test-kit';
import { createTestDatabase } from '@ichat/test-kit/postgres';
import pg from 'pg';
import WebSocket from 'ws';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { REDIS_URL } from '../support/cluster.js';
import { seqsUpTo } from '../support/cluster-chat.js';
import { NginxBalancer, nginxInstalled } from '../support/nginx.js';
import { eventually, sleep, within } from '../support/wait.js';

const SECRET = 'a test secret that is long enough to sign with';
const NODES = 3;
const KILLS = 10;
const HAS_NGINX = await nginxInstalled();

beforeAll(requireServerBuild);

/** One member's SDK client and what its `message` listener saw, per room, in arrival order. */
interface Member {
  readonly name: string;
  readonly client: IChatClient;
  readonly received: Map<number, Message[]>;
  /** How often the client caught up after a reconnect (`resumed`). */
  resumes: number;
}

function member(url: string, name: string): Member {
  const client = createClient({ url, WebSocket, storage: memoryStorage() });
  onTestFinished(() => client.close());
  const received = new Map<number, Message[]>();
  client.on('message', (message) => {
    const list = received.get(message.roomId) ?? [];
    list.push(message);
    received.set(message.roomId, list);
  });
  const state: Member = { name, client, received, resumes: 0 };
  client.on('resumed', () => (state.resumes += 1));
  return state;
}

/** Rows of a room as PostgreSQL holds them, by seq. */
async function storedMessages(databaseUrl: string, roomId: number): Promise<{ seq: number; text: string }[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ seq: number; text: string }>('select seq, text from messages where room_id = $1 order by seq', [roomId]);
    return result.rows;
  } finally {
    await client.end();
  }
}

describe('three server processes on PostgreSQL and Redis behind nginx', () => {
  it.skipIf(!HAS_NGINX)(`keep every guarantee while nodes are killed with SIGKILL ${KILLS} times`, async () => {
    const database = await createTestDatabase('cluster');
    // Dropping a database makes PostgreSQL checkpoint, which can take a while on a busy machine.
    onTestFinished(() => database.drop(), 60_000);
    const prefix = `t${randomBytes(6).toString('hex')}`;
    const args = ['--secret', SECRET, '--broker-url', REDIS_URL, '--broker-prefix', prefix, ...flagArgs(UNLIMITED_FLAGS)];
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

    const members = ['ada', 'grace', 'alan', 'edsger'].map((name) => member(nginx.url, name));
    const suffix = Date.now().toString(36);
    for (const { name, client } of members) {
      await client.register({ email: `${name}${suffix}@example.com`, username: `${name}${suffix}`, password: 'correct horse battery' });
    }
    await Promise.all(members.map(({ client }) => client.whenSynced()));
    const [ada, grace] = members as [Member, Member, Member, Member];
    const direct = await ada.client.openDirect(`grace${suffix}`);
    const group = await grace.client.createGroup('crew', members.slice(2).map(({ name }) => `${name}${suffix}`).concat(`ada${suffix}`));
    const rooms = [
      { roomId: direct.roomId, members: [ada, grace] },
      { roomId: group.roomId, members },
    ];

    // Each member sends into each of its rooms, one message at a time per room, until told to stop; each ack is kept.
    const acked = new Map<number, Message[]>(rooms.map(({ roomId }) => [roomId, []]));
    let sending = true;
    let sent = 0;
    const senders = rooms.flatMap(({ roomId, members: inRoom }) =>
      inRoom.map(async ({ name, client }) => {
        for (let i = 1; sending; i++) {
          const message = await client.send(roomId, `${name} ${roomId} #${i}`);
          acked.get(roomId)?.push(message);
          sent += 1;
          // A short pause keeps the load steady rather than saturating the two cores the whole run shares.
          await sleep(5);
        }
      }),
    );
    // A sender still waiting when the test fails rejects as its client closes; the failure is reported already.
    for (const sender of senders) sender.catch(() => undefined);

    const started = Date.now();
    const killed: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      await sleep(800);
      const index = Math.floor(Math.random() * NODES);
      const node = nodes[index];
      if (node === undefined) throw new Error('no such node');
      const before = sent;
      await node.kill();
      killed.push(index);
      await sleep(200);
      await node.restart();
      if (process.env['ICHAT_TEST_TRACE']) process.stderr.write(`kill ${k + 1}: node ${index} back, ${sent} acked\n`);
      // Chat goes on through the other nodes while this one is down and back.
      await eventually(async () => (sent > before ? true : undefined), `acks after killing node ${index}`, 30_000);
    }
    sending = false;
    // A send still unacked here would be a message the cluster lost between a client and the store.
    await within(Promise.all(senders), 'the last sends to be acked', 30_000).catch((error: unknown) => {
      const states = members.map(({ name, client }) => `${name}: ${client.state}, ${client.pending.length} pending`);
      throw new Error(`${String(error)} (${states.join('; ')})`);
    });
    const chatMs = Date.now() - started;

    for (const { roomId, members: inRoom } of rooms) {
      const stored = await storedMessages(database.value, roomId);
      const ackedHere = acked.get(roomId) ?? [];
      // Stored once each, with seqs 1..n and no gap; every acked message is among them with its seq, and nothing
      // was stored that no sender had acked.
      expect(stored.map((row) => row.seq)).toEqual(seqsUpTo(stored.length));
      expect(new Set(stored.map((row) => row.text)).size).toBe(stored.length);
      expect(ackedHere.map((m) => [m.seq, m.text]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(stored.map((row) => [row.seq, row.text]));
      for (const { name, received } of inRoom) {
        // Every member (its own messages included) received every seq once, in order, as stored.
        await eventually(
          () => Promise.resolve((received.get(roomId)?.length ?? 0) >= stored.length ? true : undefined),
          `${name} to receive ${stored.length} messages of room ${roomId}`,
          30_000,
        );
        const got = received.get(roomId) ?? [];
        expect(got.map((m) => [m.seq, m.text]), `${name} in room ${roomId}`).toEqual(stored.map((row) => [row.seq, row.text]));
      }
    }
    const resumes = members.reduce((total, { resumes: count }) => total + count, 0);
    console.info(`cluster E2E: ${sent} messages acked in ${chatMs} ms through nginx, nodes killed: ${killed.join(',')}, ${resumes} resumes`);
    expect(killed).toHaveLength(KILLS);
    // The killed nodes' clients came back through nginx and caught up.
    expect(resumes).toBeGreaterThan(0);
    // About 90 s on an idle 2-core machine; the bound leaves room for a busy one, and every wait inside has its own.
  }, 180_000);
});
