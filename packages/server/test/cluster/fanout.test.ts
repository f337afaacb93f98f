// Several nodes on one database and one broker (Redis, then NATS): messages reach every member once and in seq order,
// whichever node their socket is on, and what they received is what is stored.

import { UNLIMITED_FLAGS } from '@ichat/test-kit';
import { describe, expect, it } from 'vitest';
import { createGroup, openDirect, person, sendText } from '../support/chat.js';
import { receivedMessages, sendBurst, seqsUpTo, untilInRoom, untilReceived } from '../support/cluster-chat.js';
import { NATS_URL, REDIS_URL, repairedMessages, useTestCluster } from '../support/cluster.js';
import { uniqueNames } from '../support/test-server.js';

describe.each([
  ['Redis', REDIS_URL],
  ['NATS', NATS_URL],
])('three nodes over %s', (_name, brokerUrl) => {
  const env = useTestCluster(3, brokerUrl, UNLIMITED_FLAGS);
  const nextName = uniqueNames('node');

  it('delivers every seq of a group and a direct room once, in order, to members on every node', async () => {
    const ada = await person(env.cluster.node(0), nextName());
    const bob = await person(env.cluster.node(1), nextName());
    const cat = await person(env.cluster.node(2), nextName());
    const group = await createGroup(ada.client, 'three nodes', [bob.user, cat.user]);
    const direct = await openDirect(ada.client, bob.user);
    for (const { client } of [bob, cat]) await untilInRoom(client, group.roomId);
    await untilInRoom(bob.client, direct.roomId);

    await Promise.all([
      sendBurst(ada.client, group.roomId, 40, 'a'),
      sendBurst(bob.client, group.roomId, 40, 'b'),
      sendBurst(cat.client, group.roomId, 40, 'c'),
      sendBurst(ada.client, direct.roomId, 30, 'x'),
      sendBurst(bob.client, direct.roomId, 30, 'y'),
    ]);

    const stored = env.cluster.node(0).db.messages(group.roomId);
    expect(stored.map((m) => m.seq)).toEqual(seqsUpTo(120));
    for (const { client } of [ada, bob, cat]) {
      const received = await untilReceived(client, group.roomId, 120);
      await client.sync();
      expect(receivedMessages(client, group.roomId).map((m) => m.seq)).toEqual(seqsUpTo(120));
      expect(received.map((m) => [m.seq, m.text])).toEqual(stored.map((m) => [m.seq, m.text]));
    }
    const storedDirect = env.cluster.node(0).db.messages(direct.roomId);
    for (const { client } of [ada, bob]) {
      await untilReceived(client, direct.roomId, 60);
      await client.sync();
      expect(receivedMessages(client, direct.roomId).map((m) => [m.seq, m.text])).toEqual(storedDirect.map((m) => [m.seq, m.text]));
    }
    expect(receivedMessages(cat.client, direct.roomId)).toEqual([]);
    // The broker brought them: gaps filled from the database now and then are allowed (a loaded machine delays some
    // past the hold), a broker that carried nothing is not. 480 messages were delivered across the nodes.
    expect(await repairedMessages(env.cluster)).toBeLessThan(240);
  });

  it('publishes a resent message again, so members whose node never heard of it (its node crashed) receive it', async () => {
    const ada = await person(env.cluster.node(0), nextName());
    const bob = await person(env.cluster.node(2), nextName());
    const room = await openDirect(ada.client, bob.user);
    // Bob's node follows the room (it delivered a first message) before the crash.
    await sendText(ada.client, room.roomId, 'first');
    await bob.client.event('message', (e) => e.message.text === 'first');
    // Stored by a node that crashed before it published: in the database, on no socket.
    const [stored] = await env.cluster.node(1).running.store.messages.append([
      { roomId: room.roomId, senderId: ada.user.id, clientMsgId: 'resent-after-crash', text: 'lost on the way', createdAt: Date.now() },
    ]);
    const repairedBefore = await repairedMessages(env.cluster);

    // Ada's client resends it (to whichever node it reached now) and is told it is stored.
    const resend = await ada.client.request('message.send', { roomId: room.roomId, clientMsgId: 'resent-after-crash', text: 'lost on the way' });
    expect(resend).toEqual({ message: stored?.message, duplicate: true });
    const heard = await bob.client.event('message', (e) => e.message.roomId === room.roomId);
    expect(heard.message).toEqual(stored?.message);
    // The broker brought it, not a gap check.
    expect(await repairedMessages(env.cluster)).toBe(repairedBefore);
  });
});
