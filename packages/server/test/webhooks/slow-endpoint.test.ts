// A receiver that hangs, and one that refuses connections, do not slow the chat: acks come as fast as without them.
// And hanging requests never exceed the limits in flight, per endpoint and overall.

import { createServer } from 'node:net';
import { UNLIMITED_FLAGS } from '@ichat/test-kit';
import { expect, it, onTestFinished } from 'vitest';
import { newWebhookSecret } from '../../src/webhooks/signature.js';
import { openDirect, person, sendText } from '../support/chat.js';
import { eventually } from '../support/wait.js';
import { WebhookReceiver } from './receiver.js';
import { startWithReceiver } from './webhook-fixture.js';

/** A loopback URL where nothing listens: a port taken and released again. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}/dead`;
}

const MESSAGES = 60;

it('acknowledges messages promptly while one endpoint hangs and another refuses connections', async () => {
  const { server, receiver } = await startWithReceiver({ ...UNLIMITED_FLAGS, 'webhook-timeout-ms': '30000' }, ['message.created']);
  // Every request is held far past the test: the worker's slots for this endpoint stay taken.
  receiver.respond = () => ({ status: 200, delayMs: 120_000 });
  await server.running.store.webhooks.addEndpoint({
    url: await deadUrl(),
    secret: newWebhookSecret(),
    events: ['message.created'],
    createdAt: Date.now(),
  });
  const ada = await person(server, 'ada');
  const bob = await person(server, 'bob');
  const room = await openDirect(ada.client, bob.user);
  await sendText(ada.client, room.roomId, 'first');
  await eventually(async () => (receiver.requests.length > 0 ? true : undefined), 'the hanging endpoint to be called');

  const latencies: number[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const started = performance.now();
    await sendText(ada.client, room.roomId, `m${i}`);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  // An ack is a commit and an fsync away; a hanging endpoint adds nothing to it. Generous bounds for a busy machine.
  expect(latencies[Math.floor(MESSAGES / 2)]).toBeLessThan(50);
  expect(latencies[MESSAGES - 1]).toBeLessThan(1000);
  // Every message is still owed to both endpoints.
  expect(server.db.count('webhook_deliveries')).toBe(2 * (MESSAGES + 1));
  // Only the first of the room's events is in flight to the hanging endpoint: the rest wait for it, in order.
  expect(receiver.requests).toHaveLength(1);
});

/** Registers users while every request hangs; users belong to no room, so only the limits hold their events back. */
async function hangingRegistrations(setup: Awaited<ReturnType<typeof startWithReceiver>>, receivers: WebhookReceiver[]): Promise<void> {
  for (const receiver of receivers) receiver.respond = () => ({ status: 200, delayMs: 120_000 });
  for (let i = 0; i < 6; i++) await setup.server.register(`user${i}`);
  // Long enough for several polls to try to start more.
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

it('keeps to the limit of requests in flight to one endpoint', async () => {
  const setup = await startWithReceiver({ 'webhook-endpoint-concurrency': '2', 'webhook-timeout-ms': '30000' }, ['user.created']);
  await hangingRegistrations(setup, [setup.receiver]);
  expect(setup.receiver.waiting).toBe(2);
});

it('keeps to the limit of requests in flight over all endpoints', async () => {
  const setup = await startWithReceiver({ 'webhook-concurrency': '3', 'webhook-timeout-ms': '30000' }, ['user.created']);
  const second = await WebhookReceiver.start();
  onTestFinished(() => second.close());
  second.secret = newWebhookSecret();
  await setup.server.running.store.webhooks.addEndpoint({ url: second.url, secret: second.secret, events: ['user.created'], createdAt: Date.now() });
  await hangingRegistrations(setup, [setup.receiver, second]);
  expect(setup.receiver.waiting + second.waiting).toBe(3);
});
