// The chat list across two connections of one user: ordering by activity, unread counts and read markers.

import type { Chat } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { createGroup, openDirect, person, sendText, type Person } from '../support/chat.js';
import type { TestClient } from '../support/test-client.js';
import { uniqueNames, useTestServer } from '../support/test-server.js';

const env = useTestServer();
const nextName = uniqueNames('list');

/** Waits until the clock has moved on, so activity times are strictly ordered (they have millisecond resolution). */
async function nextMillisecond(): Promise<void> {
  const start = Date.now();
  while (Date.now() === start) await new Promise((resolve) => setImmediate(resolve));
}

async function chats(client: TestClient): Promise<Chat[]> {
  return (await client.request('chats.list', {})).chats;
}

/** Ada with two connections (two tabs), and three rooms with Bob, Carol and a group, created in that order. */
interface ThreeRooms {
  ada: Person;
  tab2: TestClient;
  bob: Person;
  carol: Person;
  withBob: number;
  withCarol: number;
  group: number;
}

async function adaWithThreeRooms(): Promise<ThreeRooms> {
  const ada = await person(env.server, nextName());
  const bob = await person(env.server, nextName());
  const carol = await person(env.server, nextName());
  const tab2 = await env.server.signIn(ada.user);
  const withBob = (await openDirect(ada.client, bob.user)).roomId;
  await nextMillisecond();
  const withCarol = (await openDirect(ada.client, carol.user)).roomId;
  await nextMillisecond();
  const group = (await createGroup(ada.client, 'All of us', [bob.user, carol.user])).roomId;
  await nextMillisecond();
  return { ada, tab2, bob, carol, withBob, withCarol, group };
}

describe('chats.list', () => {
  it('lists rooms newest activity first, with peers, previews and members', async () => {
    const { ada, bob, withBob, withCarol, group } = await adaWithThreeRooms();
    expect((await chats(ada.client)).map((chat) => chat.roomId)).toEqual([group, withCarol, withBob]);

    const sent = await sendText(bob.client, withBob, 'bump');
    const list = await chats(ada.client);
    expect(list.map((chat) => chat.roomId)).toEqual([withBob, group, withCarol]);
    expect(list[0]).toMatchObject({
      kind: 'direct',
      peer: { id: bob.user.id, username: bob.user.username },
      lastSeq: 1,
      lastMessage: sent,
      lastActivityAt: sent.createdAt,
    });
    expect(list[1]).toMatchObject({ kind: 'group', name: 'All of us', peer: null, lastMessage: null, lastSeq: 0 });
    expect(list[1]?.members).toHaveLength(3);
  });

  it('pushes every new message to all of the user\'s connections, so each tab re-sorts live', async () => {
    const { ada, tab2, carol, withCarol } = await adaWithThreeRooms();
    const sent = await sendText(carol.client, withCarol, 'to both tabs');
    for (const tab of [ada.client, tab2]) {
      expect((await tab.event('message', (e) => e.message.id === sent.id)).message).toEqual(sent);
      expect((await chats(tab))[0]?.roomId).toBe(withCarol);
    }
  });

  it('counts unread messages from others only, the same on every connection', async () => {
    const { ada, tab2, bob, group } = await adaWithThreeRooms();
    await sendText(bob.client, group, 'one');
    await sendText(bob.client, group, 'two');
    await sendText(ada.client, group, 'mine');
    await sendText(bob.client, group, 'three');
    for (const tab of [ada.client, tab2]) {
      expect((await chats(tab)).find((chat) => chat.roomId === group)).toMatchObject({ unread: 3, readSeq: 0, lastSeq: 4 });
    }
    expect((await chats(bob.client)).find((chat) => chat.roomId === group)).toMatchObject({ unread: 1 });
  });
});

describe('read markers', () => {
  it('moves the marker and pushes the new unread count to every connection of the user', async () => {
    const { ada, tab2, bob, withBob } = await adaWithThreeRooms();
    for (const text of ['a', 'b', 'c', 'd']) await sendText(bob.client, withBob, text);
    await bob.client.request('message.delete', { roomId: withBob, seq: 4 });

    // The counts come with the room's last seq and change seq they are as of.
    const read = { roomId: withBob, readSeq: 2, unread: 1, mentioned: 0, lastSeq: 4, changeSeq: 1 };
    expect(await ada.client.request('read', { roomId: withBob, seq: 2 })).toEqual(read);
    for (const tab of [ada.client, tab2]) {
      expect(await tab.event('read')).toEqual({ type: 'read', ...read });
    }
    expect((await chats(tab2)).find((chat) => chat.roomId === withBob)).toMatchObject({ readSeq: 2, unread: 1, mentioned: 0 });
    // Bob's own view is his own: Ada reading does not touch it, and he is not told.
    await bob.client.sync();
    expect(bob.client.unconsumed('read')).toEqual([]);
  });

  it('never moves the marker back, nor past the newest message', async () => {
    const { ada, bob, withBob } = await adaWithThreeRooms();
    for (const text of ['a', 'b', 'c']) await sendText(bob.client, withBob, text);
    await ada.client.request('read', { roomId: withBob, seq: 2 });
    expect(await ada.client.request('read', { roomId: withBob, seq: 1 })).toMatchObject({ readSeq: 2, unread: 1, mentioned: 0 });
    expect(await ada.client.request('read', { roomId: withBob, seq: 999 })).toMatchObject({ readSeq: 3, unread: 0 });
    // A later message is unread again: the marker did not run ahead of it.
    await sendText(bob.client, withBob, 'd');
    expect((await chats(ada.client)).find((chat) => chat.roomId === withBob)).toMatchObject({ readSeq: 3, unread: 1 });
  });
});

describe('muting a room', () => {
  it('mutes for the caller alone and pushes the new chat to every connection of theirs, not to other members', async () => {
    const { ada, tab2, bob, group } = await adaWithThreeRooms();
    await sendText(bob.client, group, 'before the mute');
    bob.client.clearInbox();

    const { chat } = await ada.client.request('room.mute', { roomId: group, muted: true });
    expect(chat).toMatchObject({ roomId: group, muted: true, unread: 1 });
    for (const tab of [ada.client, tab2]) {
      expect((await tab.event('chat', (e) => e.chat.roomId === group && e.chat.muted)).chat).toEqual(chat);
    }
    // The list keeps counting: a muted room still shows its unread messages.
    await sendText(bob.client, group, 'while muted');
    expect((await chats(tab2)).find((c) => c.roomId === group)).toMatchObject({ muted: true, unread: 2 });
    // Bob's view is his own: still unmuted, and he is not told.
    expect((await chats(bob.client)).find((c) => c.roomId === group)).toMatchObject({ muted: false });
    await bob.client.sync();
    expect(bob.client.unconsumed('chat').filter((e) => e.chat.roomId === group)).toEqual([]);

    const unmuted = await tab2.request('room.mute', { roomId: group, muted: false });
    expect(unmuted.chat.muted).toBe(false);
    expect((await ada.client.event('chat', (e) => e.chat.roomId === group && !e.chat.muted)).chat.muted).toBe(false);
    expect((await chats(ada.client)).find((c) => c.roomId === group)).toMatchObject({ muted: false });
  });

  it('keeps the mute across reconnects, and forgets it when the member leaves the group', async () => {
    const { ada, bob, group, withBob } = await adaWithThreeRooms();
    await bob.client.request('room.mute', { roomId: group, muted: true });
    await bob.client.request('room.mute', { roomId: withBob, muted: true });
    const again = await env.server.signIn(bob.user);
    expect((await chats(again)).filter((c) => c.muted).map((c) => c.roomId).sort()).toEqual([withBob, group].sort());

    await again.request('room.leave', { roomId: group });
    await ada.client.request('room.add_members', { roomId: group, members: [bob.user.username] });
    expect((await chats(again)).find((c) => c.roomId === group)).toMatchObject({ muted: false });
  });

  it('refuses a mute that is not true or false, naming the field', async () => {
    const { ada, group } = await adaWithThreeRooms();
    ada.client.sendRaw(JSON.stringify({ type: 'room.mute', id: 'bad-mute', roomId: group, muted: 'yes' }));
    expect(await ada.client.uncorrelatedError()).toMatchObject({ id: 'bad-mute', error: { code: 'invalid_frame', field: 'muted' } });
    expect((await chats(ada.client)).find((c) => c.roomId === group)).toMatchObject({ muted: false });
  });
});
