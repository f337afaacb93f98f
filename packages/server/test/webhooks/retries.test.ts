// Failed deliveries are tried again with growing, jittered waits, under the same id, until the receiver accepts them
// or the give-up time passes; then they are marked failed and the metrics say so.

import { parseWith, WebhooksResultSchema } from '@ichat/protocol';
import { expect, it } from 'vitest';
import { openDirect, person, sendText } from '../support/chat.js';
import { eventually } from '../support/wait.js';
import { startWithReceiver } from './webhook-fixture.js';

/** The retry flags of the fixture: the first retry within 40 ms, each later within twice that, at most 200 ms. */
const BASE_MS = 40;
const MAX_MS = 200;
/** Slack for the worker's 200 ms poll and a busy machine, on top of each wait's ceiling. */
const SLACK_MS = 600;

async function adminWebhooks(setup: Awaited<ReturnType<typeof startWithReceiver>>, token: string) {
  const result = await setup.server.http('/api/v1/admin/webhooks', { token });
  expect(result.status).toBe(200);
  return parseWith(WebhooksResultSchema, result.body);
}

it('retries a delivery the receiver refuses, under the same id, with backoff, until it is accepted', async () => {
  const setup = await startWithReceiver({}, ['message.created']);
  const { server, receiver } = setup;
  const failures = 4;
  receiver.respond = (_request, index) => ({ status: index < failures ? 500 : 200 });
  const ada = await person(server, 'ada');
  const bob = await person(server, 'bob');
  const direct = await openDirect(ada.client, bob.user);
  const sent = await sendText(ada.client, direct.roomId, 'hello');

  await eventually(async () => (receiver.requests.length === failures + 1 ? true : undefined), 'five attempts');
  expect(new Set(receiver.requests.map((request) => request.webhookId)).size).toBe(1);
  expect(receiver.accepted().map((event) => event.type === 'message.created' && event.data.message.id)).toEqual([sent.id]);
  // Each wait is at most its ceiling (40, 80, 160, then the 200 cap) plus the poll's slack.
  const gaps = receiver.requests.slice(1).map((request, index) => request.at - (receiver.requests[index]?.at ?? 0));
  gaps.forEach((gap, index) => expect(gap).toBeLessThan(Math.min(MAX_MS, BASE_MS * 2 ** index) + SLACK_MS));

  await server.running.store.users.setAdmin(ada.user.email, true);
  const view = await eventually(async () => {
    const answer = await adminWebhooks(setup, ada.user.token);
    return answer.deliveries[0]?.status === 'delivered' ? answer : undefined;
  }, 'the delivery marked delivered');
  expect(view.deliveries).toMatchObject([{ type: 'message.created', status: 'delivered', attempts: failures + 1, httpStatus: 200, error: null, nextAttemptAt: null }]);
  expect(view.endpoints).toMatchObject([{ id: setup.endpointId, url: receiver.url, events: ['message.created'], pending: 0, delivered: 1, failed: 0 }]);
  const metrics = (await server.http('/metrics')).text;
  expect(metrics).toContain(`ichat_webhook_attempts_total{outcome="retry"} ${failures}`);
  expect(metrics).toContain('ichat_webhook_attempts_total{outcome="delivered"} 1');
  expect(metrics).toContain('ichat_webhook_pending 0');
});

it('marks a delivery failed once its give-up time has passed, and keeps its last error', async () => {
  const setup = await startWithReceiver({ 'webhook-give-up-seconds': '1' }, ['message.created']);
  const { server, receiver } = setup;
  receiver.respond = () => ({ status: 503 });
  const ada = await person(server, 'ada');
  const bob = await person(server, 'bob');
  const direct = await openDirect(ada.client, bob.user);
  await sendText(ada.client, direct.roomId, 'nobody listens');

  await server.running.store.users.setAdmin(ada.user.email, true);
  const view = await eventually(async () => {
    const answer = await adminWebhooks(setup, ada.user.token);
    return answer.deliveries[0]?.status === 'failed' ? answer : undefined;
  }, 'the delivery marked failed');
  const [failed] = view.deliveries;
  expect(failed).toMatchObject({ status: 'failed', httpStatus: 503, error: 'The endpoint answered HTTP 503', nextAttemptAt: null });
  expect(failed?.attempts).toBeGreaterThan(2);
  expect(failed?.attempts).toBe(receiver.requests.length);
  // Given up means given up: no attempt after it.
  const attempts = receiver.requests.length;
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(receiver.requests).toHaveLength(attempts);
  expect(view.endpoints[0]).toMatchObject({ pending: 0, delivered: 0, failed: 1 });
  expect((await server.http('/metrics')).text).toContain('ichat_webhook_attempts_total{outcome="failed"} 1');
});

it('counts a receiver that does not answer within the timeout as a failure, and tries again', async () => {
  const { server, receiver } = await startWithReceiver({ 'webhook-timeout-ms': '300' }, ['message.created']);
  receiver.respond = (_request, index) => (index === 0 ? { status: 200, delayMs: 2000 } : { status: 200 });
  const ada = await person(server, 'ada');
  const bob = await person(server, 'bob');
  const direct = await openDirect(ada.client, bob.user);
  await sendText(ada.client, direct.roomId, 'slow');
  await eventually(async () => (receiver.requests.length === 2 ? true : undefined), 'a second attempt after the timeout');
  expect(receiver.requests[1]?.webhookId).toBe(receiver.requests[0]?.webhookId);
  expect((receiver.requests[1]?.at ?? 0) - (receiver.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(290);
});

it('refuses the admin view to users who are not administrators', async () => {
  const { server } = await startWithReceiver();
  const ada = await server.register('ada');
  expect((await server.http('/api/v1/admin/webhooks', { token: ada.token })).status).toBe(403);
  expect((await server.http('/api/v1/admin/webhooks')).status).toBe(401);
});
