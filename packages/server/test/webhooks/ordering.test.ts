// A room's events reach an endpoint in order: while one is failing, the room's later ones wait, other rooms do not.

import type { WebhookEvent } from '@ichat/protocol';
import { expect, it } from 'vitest';
import { createGroup, openDirect, person, sendText } from '../support/chat.js';
import { eventually } from '../support/wait.js';
import { startWithReceiver } from './webhook-fixture.js';

function textOf(event: WebhookEvent | undefined): string | undefined {
  return event?.type === 'message.created' ? event.data.message.text : undefined;
}

it("holds a room's later events back while an earlier one is failing, and lets other rooms through", async () => {
  const { server, receiver } = await startWithReceiver({}, ['message.created']);
  let a1Refusals = 0;
  receiver.respond = (request) => {
    if (textOf(request.event) === 'a1' && a1Refusals < 4) {
      a1Refusals++;
      return { status: 500 };
    }
    return { status: 200 };
  };
  const ada = await person(server, 'ada');
  const bob = await person(server, 'bob');
  const roomA = await openDirect(ada.client, bob.user);
  const roomB = await createGroup(ada.client, 'Other', [bob.user]);
  for (const text of ['a1', 'a2', 'a3']) await sendText(ada.client, roomA.roomId, text);
  await sendText(bob.client, roomB.roomId, 'b1');

  await eventually(async () => (receiver.accepted().length === 4 ? true : undefined), 'all four messages accepted');
  const arrivals = receiver.requests.map((request) => textOf(request.event));
  // Room A: a1 refused four times, then accepted, and only then a2, then a3; each once.
  expect(arrivals.filter((text) => text?.startsWith('a'))).toEqual(['a1', 'a1', 'a1', 'a1', 'a1', 'a2', 'a3']);
  // Room B did not wait for room A's failing delivery.
  expect(arrivals.indexOf('b1')).toBeLessThan(arrivals.lastIndexOf('a1'));
});

it("keeps a room's events in seq order under a burst", async () => {
  const { server, receiver } = await startWithReceiver({}, ['message.created']);
  const ada = await person(server, 'ada');
  const bob = await person(server, 'bob');
  const room = await openDirect(ada.client, bob.user);
  const texts = Array.from({ length: 30 }, (_, index) => `m${index + 1}`);
  await Promise.all(texts.map((text) => sendText(index(text) % 2 === 0 ? ada.client : bob.client, room.roomId, text)));
  await eventually(async () => (receiver.accepted().length === 30 ? true : undefined), 'thirty messages');
  const seqs = receiver.events.map((event) => (event.type === 'message.created' ? event.data.message.seq : 0));
  expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
});

function index(text: string): number {
  return Number(text.slice(1));
}
