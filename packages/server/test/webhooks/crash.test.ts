// kill -9 with deliveries in flight and waiting: after the restart every stored message reaches the receiver, which,
// de-duplicating by ichat-webhook-id, counts each exactly once.

import { randomUUID } from 'node:crypto';
import { registerUser, requireServerBuild } from '@ichat/test-kit';
import { beforeAll, expect, it, onTestFinished } from 'vitest';
import { startFaultServer } from '../faults/fault-server.js';
import { readDatabase } from '../faults/stored-rows.js';
import { TestClient } from '../support/test-client.js';
import { eventually, sleep } from '../support/wait.js';
import { WebhookReceiver } from './receiver.js';

beforeAll(requireServerBuild);

const SENDS = 200;

it('delivers every stored message exactly once (by id) across a kill -9 and a restart', async () => {
  const server = await startFaultServer({ args: ['--webhook-retry-base-ms', '50', '--webhook-retry-max-ms', '300'] });
  onTestFinished(() => server.dispose());
  const receiver = await WebhookReceiver.start();
  onTestFinished(() => receiver.close());
  // Slow enough that a backlog builds up, so the kill lands with deliveries in flight and others waiting.
  receiver.respond = () => ({ status: 200, delayMs: 15 });

  // Added by the command while the server runs, as an operator would; the server reads it within a few seconds.
  const added = await server.command(['webhook', 'add', receiver.url, '--events', 'message.created']);
  expect(added.code, added.stderr).toBe(0);
  receiver.secret = /whsec_[\w-]+/.exec(added.stdout)?.[0] ?? '';
  expect(receiver.secret).not.toBe('');

  const ada = await registerUser(server.url, `ada${Date.now().toString(36)}`);
  const bob = await registerUser(server.url, `bob${Date.now().toString(36)}`);
  const client = await TestClient.connect(server.wsUrl);
  await client.auth(ada.token);
  const { chat } = await client.request('room.open_direct', { with: bob.user.username });
  // Sent once the endpoint is known: a message stored before that owes it nothing.
  await sleep(2500);

  const sends = Array.from({ length: SENDS }, (_, i) =>
    client.request('message.send', { roomId: chat.roomId, clientMsgId: randomUUID(), text: `m${i}` }),
  );
  // The kill lands while a request is in the receiver's hands, not yet answered.
  await eventually(
    async () => (receiver.accepted().length >= 20 && receiver.waiting > 0 ? true : undefined),
    'the first deliveries, and one in flight',
    15_000,
  );
  // The receiver cuts what it has not answered yet, then the server dies: whatever was in flight was not accepted,
  // so it must come again after the restart.
  receiver.dropPending();
  await server.kill();
  await Promise.allSettled(sends);
  await client.close().catch(() => undefined);
  const beforeRestart = receiver.requests.length;

  await server.restart();
  const stored = readDatabase(server.databasePath).messages.filter((message) => message.roomId === chat.roomId);
  expect(stored.length).toBeGreaterThan(20);
  await eventually(
    async () => (receiver.accepted().length === stored.length ? true : undefined),
    `all ${stored.length} stored messages delivered`,
    30_000,
  );
  const delivered = receiver.accepted().map((event) => (event.type === 'message.created' ? event.data.message.seq : 0));
  // Each stored message once, none missing, none under two ids, and in seq order since they share a room.
  expect(delivered).toEqual(stored.map((message) => message.seq));
  expect(receiver.requests.every((request) => request.signatureValid)).toBe(true);
  expect(receiver.requests.length).toBeGreaterThan(beforeRestart);
  console.log(
    `webhooks after kill -9: ${stored.length} stored, ${beforeRestart} requests before the kill, ` +
      `${receiver.requests.length} in all, ${receiver.requests.length - stored.length} repeated (de-duplicated by id)`,
  );
}, 90_000);
