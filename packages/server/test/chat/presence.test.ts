// Presence and typing: ephemeral, throttled, and only for people who share a room.

import { describe, expect, it, onTestFinished } from 'vitest';
import { createGroup, openDirect, person } from '../support/chat.js';
import { TestServer, uniqueNames, useTestServer } from '../support/test-server.js';

const env = useTestServer();
const nextName = uniqueNames('here');

/**
 * A server of its own with this presence grace period, where Ada has seen Bob come online in their direct room and
 * Bob's only socket has just closed.
 */
async function bobSeenOnlineThenGone(graceMs: string) {
  const server = await TestServer.start({ 'presence-grace-ms': graceMs });
  onTestFinished(() => server.dispose());
  const ada = await person(server, 'ada');
  const bobUser = await server.register('bob');
  await openDirect(ada.client, bobUser);
  const bob = await server.signIn(bobUser);
  await ada.client.event('presence', (e) => e.online);
  await bob.close();
  return { server, ada, bobUser };
}

describe('presence', () => {
  it('announces a contact online on their first connection and offline after their last, to contacts only', async () => {
    const ada = await person(env.server, nextName());
    const stranger = await person(env.server, nextName());
    const bobUser = await env.server.register(nextName());
    await openDirect(ada.client, bobUser);

    const bob1 = await env.server.signIn(bobUser);
    expect(await ada.client.event('presence')).toEqual({ type: 'presence', userId: bobUser.id, online: true });
    expect((await ada.client.request('chats.list', {})).online).toEqual([bobUser.id]);

    // A second tab neither announces anything nor, when closed, takes Bob offline.
    const bob2 = await env.server.signIn(bobUser);
    await bob2.close();
    await ada.client.sync();
    expect(ada.client.unconsumed('presence')).toEqual([]);

    await bob1.close();
    expect(await ada.client.event('presence')).toEqual({ type: 'presence', userId: bobUser.id, online: false });
    expect((await ada.client.request('chats.list', {})).online).toEqual([]);

    await stranger.client.sync();
    expect(stranger.client.unconsumed('presence')).toEqual([]);
  });

  it('announces offline only once the grace period has passed', async () => {
    const { ada, bobUser } = await bobSeenOnlineThenGone('200');
    const closedAt = Date.now();
    // Still online to anyone asking during the grace period.
    expect((await ada.client.request('chats.list', {})).online).toEqual([bobUser.id]);
    await ada.client.event('presence', (e) => !e.online);
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(150);
  });

  it('tells two online users about each other when they first share a room', async () => {
    const ada = await person(env.server, nextName());
    const bob = await person(env.server, nextName());
    const carol = await person(env.server, nextName());
    await openDirect(ada.client, bob.user);
    expect(await ada.client.event('presence')).toEqual({ type: 'presence', userId: bob.user.id, online: true });
    expect(await bob.client.event('presence')).toEqual({ type: 'presence', userId: ada.user.id, online: true });

    // Added to a group, Carol learns who of its members is online, and they learn about her.
    const group = await createGroup(ada.client, 'Newcomers', [bob.user]);
    await ada.client.request('room.add_members', { roomId: group.roomId, members: [carol.user.username] });
    const told = [await carol.client.event('presence'), await carol.client.event('presence')].map((e) => e.userId).sort();
    expect(told).toEqual([ada.user.id, bob.user.id].sort());
    await bob.client.event('presence', (e) => e.userId === carol.user.id && e.online);
  });

  it('keeps a user online through a reconnect within the grace period', async () => {
    const { server, ada, bobUser } = await bobSeenOnlineThenGone('5000');
    await server.signIn(bobUser);
    await ada.client.sync();
    expect(ada.client.unconsumed('presence')).toEqual([]);
    expect((await ada.client.request('chats.list', {})).online).toEqual([bobUser.id]);
  });
});

describe('typing', () => {
  it('tells the room\'s members who is typing, at most once a second per room', async () => {
    const ada = await person(env.server, nextName());
    const bob = await person(env.server, nextName());
    const outsider = await person(env.server, nextName());
    const { roomId } = await openDirect(ada.client, bob.user);

    for (let i = 0; i < 5; i++) expect(await ada.client.request('typing', { roomId })).toEqual({});
    expect(await bob.client.event('typing')).toEqual({
      type: 'typing',
      roomId,
      user: { id: ada.user.id, username: ada.user.username, displayName: null, avatarUrl: null, data: {} },
    });
    await bob.client.sync();
    expect(bob.client.unconsumed('typing')).toEqual([]);
    await outsider.client.sync();
    expect(outsider.client.unconsumed('typing')).toEqual([]);
    expect(env.server.db.messages(roomId)).toEqual([]);
  });
});
