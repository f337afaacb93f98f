// A test server with a real webhook receiver registered as its endpoint, both removed after the test.

import type { WebhookEventType } from '@ichat/protocol';
import { onTestFinished } from 'vitest';
import { newWebhookSecret } from '../../src/webhooks/signature.js';
import { TestServer, type Flags } from '../support/test-server.js';
import { WebhookReceiver } from './receiver.js';

/** Retries within tens of milliseconds, so a test sees several attempts in well under a second. */
export const FAST_RETRY_FLAGS: Flags = { 'webhook-retry-base-ms': '40', 'webhook-retry-max-ms': '200' };

export interface WebhookSetup {
  server: TestServer;
  receiver: WebhookReceiver;
  endpointId: number;
}

/** Starts a server and a receiver, and adds the receiver as an endpoint for `events` (all by default). */
export async function startWithReceiver(flags: Flags = {}, events?: WebhookEventType[]): Promise<WebhookSetup> {
  const server = await TestServer.start({ ...FAST_RETRY_FLAGS, ...flags });
  onTestFinished(() => server.dispose());
  const receiver = await WebhookReceiver.start();
  onTestFinished(() => receiver.close());
  receiver.secret = newWebhookSecret();
  const endpoint = await server.running.store.webhooks.addEndpoint({
    url: receiver.url,
    secret: receiver.secret,
    events: events ?? ['message.created', 'message.updated', 'message.deleted', 'room.created', 'member.added', 'member.removed', 'user.created'],
    createdAt: Date.now(),
  });
  return { server, receiver, endpointId: endpoint.id };
}
