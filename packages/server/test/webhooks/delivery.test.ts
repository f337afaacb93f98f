// Every event type reaches a real receiver, signed, with the payload the protocol declares.

import { parseAnswer, ROUTES, WEBHOOK_EVENT_TYPES, type WebhookEvent, type WebhookEventType } from '@ichat/protocol';
import { SignJWT } from 'jose';
import { expect, it } from 'vitest';
import { createGroup, openDirect, person, sendText } from '../support/chat.js';
import { eventually } from '../support/wait.js';
import { startWithReceiver } from './webhook-fixture.js';

function ofType<T extends WebhookEventType>(events: WebhookEvent[], type: T): Extract<WebhookEvent, { type: T }>[] {
  return events.filter((event): event is Extract<WebhookEvent, { type: T }> => event.type === type);
}

it('delivers each event type signed, with its payload, once', async () => {
  const { server, receiver } = await startWithReceiver();
  const ada = await person(server, 'ada');
  const bob = await person(server, 'bob');
  const cy = await server.register('cyd');

  const direct = await openDirect(ada.client, bob.user);
  const group = await createGroup(ada.client, 'Crew', [bob.user]);
  await ada.client.request('room.add_members', { roomId: group.roomId, members: [cy.username] });
  await ada.client.request('room.remove_member', { roomId: group.roomId, userId: cy.id });
  const sent = await sendText(ada.client, direct.roomId, 'hello');
  await ada.client.request('message.edit', { roomId: direct.roomId, seq: sent.seq, text: 'hello again' });
  await ada.client.request('message.delete', { roomId: direct.roomId, seq: sent.seq });

  // 3 users, 2 rooms, 1 added, 1 removed, 1 sent, 1 edited, 1 deleted.
  await eventually(async () => (receiver.events.length >= 10 ? true : undefined), 'ten webhook requests');
  expect(receiver.requests.every((request) => request.signatureValid)).toBe(true);
  expect(receiver.requests.every((request) => request.contentType === 'application/json')).toBe(true);
  const events = receiver.events;
  expect(new Set(events.map((event) => event.type))).toEqual(new Set(WEBHOOK_EVENT_TYPES));
  expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  expect(receiver.requests.map((request) => request.webhookId)).toEqual(events.map((event) => event.id));

  // Events of different rooms (and of no room) may arrive in any order: compare them sorted by id.
  const byId = <T extends { id: number }>(items: T[]): T[] => items.sort((a, b) => a.id - b.id);
  expect(byId(ofType(events, 'user.created').map((event) => event.data.user))).toEqual([
    { id: ada.user.id, username: 'ada', displayName: null, createdAt: ada.user.createdAt, host: null },
    { id: bob.user.id, username: 'bob', displayName: null, createdAt: bob.user.createdAt, host: null },
    { id: cy.id, username: 'cyd', displayName: null, createdAt: cy.createdAt, host: null },
  ]);
  expect(byId(ofType(events, 'room.created').map((event) => event.data.room))).toEqual([
    { id: direct.roomId, kind: 'direct', name: null, ownerId: ada.user.id, memberIds: [ada.user.id, bob.user.id], createdAt: direct.createdAt },
    { id: group.roomId, kind: 'group', name: 'Crew', ownerId: ada.user.id, memberIds: [ada.user.id, bob.user.id], createdAt: group.createdAt },
  ]);
  expect(ofType(events, 'member.added').map((event) => event.data)).toEqual([{ roomId: group.roomId, userId: cy.id }]);
  expect(ofType(events, 'member.removed').map((event) => event.data)).toEqual([{ roomId: group.roomId, userId: cy.id }]);
  expect(ofType(events, 'message.created').map((event) => event.data.message)).toEqual([sent]);
  const [updated] = ofType(events, 'message.updated');
  expect(updated?.data.message).toMatchObject({ id: sent.id, seq: sent.seq, text: 'hello again', deleted: false });
  expect(updated?.createdAt).toBe(updated?.data.message.editedAt);
  expect(ofType(events, 'message.deleted').map((event) => event.data.message)).toMatchObject([{ id: sent.id, text: '', deleted: true }]);
  // Nothing is delivered twice when every attempt succeeds.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(receiver.requests).toHaveLength(10);
});

it('sends an endpoint only the event types it asked for', async () => {
  const { server, receiver } = await startWithReceiver({}, ['message.created']);
  const ada = await person(server, 'ada');
  const bob = await person(server, 'bob');
  const direct = await openDirect(ada.client, bob.user);
  const sent = await sendText(bob.client, direct.roomId, 'only this');
  await eventually(async () => (receiver.events.length > 0 ? true : undefined), 'a webhook request');
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(receiver.events.map((event) => event.type)).toEqual(['message.created']);
  expect(ofType(receiver.events, 'message.created')[0]?.data.message).toEqual(sent);
});

it('writes no delivery while no endpoint listens, and stops writing once the endpoint is removed', async () => {
  const { server, receiver, endpointId } = await startWithReceiver({}, ['message.created']);
  const ada = await person(server, 'ada');
  const bob = await person(server, 'bob');
  const direct = await openDirect(ada.client, bob.user);
  await sendText(ada.client, direct.roomId, 'one');
  await eventually(async () => (receiver.events.length === 1 ? true : undefined), 'the first message');
  expect(await server.running.store.webhooks.removeEndpoint(endpointId)).toBe(true);
  await sendText(ada.client, direct.roomId, 'two');
  expect(server.db.count('webhook_deliveries')).toBe(0);
});

it("reports a host site's user with their identity there on their first sign-in only", async () => {
  const secret = 'a host secret that is long enough for HS256!';
  const { server, receiver } = await startWithReceiver({ 'jwt-secret': secret }, ['user.created']);
  const token = await new SignJWT({ sub: 'customer-4711', name: 'Margaret H.' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('https://shop.example')
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
  const first = await server.http(ROUTES.jwtLogin.path, { body: { token } });
  const { user } = parseAnswer(ROUTES.jwtLogin, first.body);
  await server.http(ROUTES.jwtLogin.path, { body: { token } });
  await eventually(async () => (receiver.events.length > 0 ? true : undefined), 'the user.created event');
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(ofType(receiver.events, 'user.created').map((event) => event.data.user)).toEqual([
    {
      id: user.id,
      username: user.username,
      displayName: 'Margaret H.',
      createdAt: user.createdAt,
      host: { issuer: 'https://shop.example', subject: 'customer-4711' },
    },
  ]);
});
