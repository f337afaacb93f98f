// State that lives on one node, changed on another: memberships, typing, presence, logouts and bans reach the sockets
// of every node at once.

import { CLOSE_CODES, ROUTES } from '@ichat/protocol';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createGroup, openDirect, person, sendText } from '../support/chat.js';
import { untilInRoom } from '../support/cluster-chat.js';
import { NATS_URL, REDIS_URL, TestCluster, useTestCluster } from '../support/cluster.js';
import { uniqueNames } from '../support/test-server.js';
import { eventually } from '../support/wait.js';

describe.each([
  ['Redis', REDIS_URL],
  ['NATS', NATS_URL],
])('control events between nodes over %s', (_name, brokerUrl) => {
  const env = useTestCluster(3, brokerUrl);
  const nextName = uniqueNames('ctl');

  it('a member added on one node hears the very next message on theirs; a removed one stops at once', async () => {
    const ada = await person(env.cluster.node(0), nextName());
    const bob = await person(env.cluster.node(1), nextName());
    // Eve's node follows the room already (Bob is there); Cat's does not follow it yet.
    const eve = await person(env.cluster.node(1), nextName());
    const cat = await person(env.cluster.node(2), nextName());
    const group = await createGroup(ada.client, 'added', [bob.user]);
    await sendText(ada.client, group.roomId, 'before');

    await ada.client.request('room.add_members', { roomId: group.roomId, members: [cat.user.username, eve.user.username] });
    const first = await sendText(ada.client, group.roomId, 'first after the add');
    for (const client of [cat.client, eve.client]) {
      const heard = await client.event('message', (e) => e.message.roomId === group.roomId);
      expect(heard.message).toEqual(first);
    }
    // Their own nodes know them as members: they can send at once.
    await sendText(cat.client, group.roomId, 'cat here');
    await ada.client.event('message', (e) => e.message.text === 'cat here');

    await ada.client.request('room.remove_member', { roomId: group.roomId, userId: cat.user.id });
    await cat.client.event('chat.removed', (e) => e.roomId === group.roomId);
    await sendText(ada.client, group.roomId, 'after the removal');
    await eve.client.event('message', (e) => e.message.text === 'after the removal');
    await cat.client.sync();
    expect(cat.client.unconsumed('message').filter((e) => e.message.text === 'after the removal')).toEqual([]);
    const refused = await cat.client.refused('message.send', { roomId: group.roomId, clientMsgId: 'late', text: 'no' });
    expect(refused.code).toBe('forbidden');
  });

  it('read receipts turned off on one node are off for the user\'s sockets on the others', async () => {
    const ada = await person(env.cluster.node(0), nextName());
    const bob = await person(env.cluster.node(1), nextName());
    const { roomId } = await openDirect(ada.client, bob.user);
    await sendText(ada.client, roomId, 'seen?');
    const bobElsewhere = await env.cluster.node(2).signIn(bob.user);
    expect((await bobElsewhere.request('room.receipts', { roomId })).readers).toHaveLength(1);
    await bob.client.request('receipts.share', { share: false });
    // Node 2 holds Bob's record with the setting: it learns the change, so he is shown no markers there either.
    await eventually(async () => ((await bobElsewhere.request('room.receipts', { roomId })).readers.length === 0 ? true : undefined), 'setting on node 2');
  });

  it('typing on one node shows on the others', async () => {
    const ada = await person(env.cluster.node(0), nextName());
    const bob = await person(env.cluster.node(2), nextName());
    const room = await openDirect(ada.client, bob.user);
    await untilInRoom(bob.client, room.roomId);
    await bob.client.request('typing', { roomId: room.roomId });
    const typing = await ada.client.event('typing');
    expect(typing).toMatchObject({ roomId: room.roomId, user: { id: bob.user.id } });
  });

  it('a user is online while any node holds a socket of theirs, and announced offline when the last one closes', async () => {
    const ada = await person(env.cluster.node(0), nextName());
    const bobUser = await env.cluster.node(1).register(nextName());
    const { roomId } = await openDirect(ada.client, bobUser);

    const onNode1 = await env.cluster.node(1).signIn(bobUser);
    expect(await ada.client.event('presence')).toEqual({ type: 'presence', userId: bobUser.id, online: true });
    expect((await ada.client.request('chats.list', {})).online).toEqual([bobUser.id]);

    const onNode2 = await env.cluster.node(2).signIn(bobUser);
    // Node 1 must have heard that node 2 holds Bob before his socket there closes (else it rightly says "offline",
    // and the leading node says "online" again a second later): node 2 told the broker when the socket joined, so
    // a message it publishes afterwards reaches node 1 after that news.
    await sendText(onNode2, roomId, 'from node 2');
    await onNode1.event('message', (e) => e.message.text === 'from node 2');
    await onNode1.close();
    // Still online on node 2: the first node's last socket closing announces nothing.
    await ada.client.sync();
    await onNode2.sync();
    expect(ada.client.unconsumed('presence')).toEqual([]);
    expect((await ada.client.request('chats.list', {})).online).toEqual([bobUser.id]);

    await onNode2.close();
    expect(await ada.client.event('presence')).toEqual({ type: 'presence', userId: bobUser.id, online: false });
  });

  it('a logout on one node closes the sockets signed in with that token on every node', async () => {
    const bob = await env.cluster.node(0).register(nextName());
    const sockets = [await env.cluster.node(1).signIn(bob), await env.cluster.node(2).signIn(bob)];
    const logout = await env.cluster.node(0).http(ROUTES.logout.path, { method: 'POST', token: bob.token });
    expect(logout.status).toBe(204);
    for (const socket of sockets) expect(await socket.closedWithin()).toEqual({ code: CLOSE_CODES.unauthorized, reason: 'token_revoked' });
  });

  it('a ban on one node closes every socket of the user on every node', async () => {
    const admin = await env.cluster.node(0).register(nextName());
    await env.cluster.node(0).running.store.users.setAdmin(admin.email ?? '', true);
    const bob = await env.cluster.node(0).register(nextName());
    const sockets = [await env.cluster.node(1).signIn(bob), await env.cluster.node(2).signIn(bob)];
    const ban = await env.cluster.node(0).http(ROUTES.adminModerate.path, { token: admin.token, body: { action: 'ban', userId: bob.id } });
    expect(ban.status, ban.text).toBe(200);
    for (const socket of sockets) expect(await socket.closedWithin()).toEqual({ code: CLOSE_CODES.banned, reason: 'banned' });
  });
});

describe('a node that stops', () => {
  it('has its users announced offline by the other nodes, unless they are online elsewhere', async () => {
    const cluster = await TestCluster.start(3, REDIS_URL);
    onTestFinished(() => cluster.dispose());
    const ada = await person(cluster.node(0), 'ada');
    const bobUser = await cluster.node(0).register('bob');
    const catUser = await cluster.node(0).register('cat');
    await openDirect(ada.client, bobUser);
    await openDirect(ada.client, catUser);
    await cluster.node(2).signIn(bobUser);
    await cluster.node(2).signIn(catUser);
    const catElsewhere = await cluster.node(1).signIn(catUser);
    await ada.client.event('presence', (e) => e.userId === bobUser.id && e.online);
    await ada.client.event('presence', (e) => e.userId === catUser.id && e.online);

    // The node stops gracefully: it says so, and announces nothing itself.
    await cluster.node(2).stop();
    expect(await ada.client.event('presence')).toEqual({ type: 'presence', userId: bobUser.id, online: false });
    await catElsewhere.sync();
    await ada.client.sync();
    expect(ada.client.unconsumed('presence')).toEqual([]);
    expect((await ada.client.request('chats.list', {})).online).toEqual([catUser.id]);
  });
});
