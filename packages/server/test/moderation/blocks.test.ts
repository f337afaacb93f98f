// Blocks: a blocked user's every attempt to reach the blocker is refused with `blocked` (socket send, edit, typing,
// a new direct room either way, the server API's post), and the blocker's presence is hidden from them.

import { ROUTES } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { apiKey, call, HOST_FLAGS, hostUser, ok } from '../server-api/support.js';
import { createGroup, openDirect, person, sendText, type Person } from '../support/chat.js';
import { uniqueNames, useTestServer } from '../support/test-server.js';
import { sleep } from '../support/wait.js';

const env = useTestServer(HOST_FLAGS);
const nextName = uniqueNames('blk');

function newPerson(): Promise<Person> {
  return person(env.server, nextName());
}

/** Two people with a direct room and one message each way; then `blocker` blocks `blocked`. */
async function blockedPair(): Promise<{ blocker: Person; blocked: Person; roomId: number }> {
  const blocker = await newPerson();
  const blocked = await newPerson();
  const { roomId } = await openDirect(blocker.client, blocked.user);
  await sendText(blocker.client, roomId, 'hello');
  await sendText(blocked.client, roomId, 'hi back');
  await blocker.client.request('user.block', { userId: blocked.user.id });
  return { blocker, blocked, roomId };
}

describe('blocking', () => {
  it('refuses the blocked user\'s sends, edits and typing in the shared direct room, and stores nothing', async () => {
    const { blocker, blocked, roomId } = await blockedPair();
    const stored = env.server.db.count('messages');

    expect(await blocked.client.refused('message.send', { roomId, clientMsgId: 'after-block', text: 'let me in' })).toMatchObject({
      code: 'blocked',
      field: 'roomId',
      message: 'You cannot send messages to this user',
    });
    expect(await blocked.client.refused('message.edit', { roomId, seq: 2, text: 'changed' })).toMatchObject({ code: 'blocked' });
    expect(await blocked.client.refused('typing', { roomId })).toMatchObject({ code: 'blocked' });
    await blocker.client.sync();
    expect(blocker.client.unconsumed('message').filter((event) => event.message.seq > 2)).toEqual([]);
    expect(blocker.client.unconsumed('typing')).toEqual([]);
    expect(env.server.db.count('messages')).toBe(stored);
  });

  it('refuses the blocker too, with the same words, until they unblock', async () => {
    const { blocker, blocked, roomId } = await blockedPair();
    const refusal = await blocker.client.refused('message.send', { roomId, clientMsgId: 'b1', text: 'you there?' });
    expect(refusal).toMatchObject({ code: 'blocked', message: 'You cannot send messages to this user' });

    await blocker.client.request('user.unblock', { userId: blocked.user.id });
    const message = await sendText(blocked.client, roomId, 'sorry');
    expect((await blocker.client.event('message', (event) => event.message.id === message.id)).message.text).toBe('sorry');
  });

  it('refuses a new direct room either way, but still answers one that exists', async () => {
    const blocker = await newPerson();
    const blocked = await newPerson();
    await blocker.client.request('user.block', { userId: blocked.user.id });
    expect(await blocked.client.refused('room.open_direct', { with: blocker.user.username })).toMatchObject({ code: 'blocked', field: 'with' });
    expect(await blocker.client.refused('room.open_direct', { with: blocked.user.username })).toMatchObject({ code: 'blocked', field: 'with' });

    const pair = await blockedPair();
    expect((await openDirect(pair.blocked.client, pair.blocker.user)).roomId).toBe(pair.roomId);
  });

  it('refuses putting a blocker into a group, by creation or by adding', async () => {
    const blocker = await newPerson();
    const blocked = await newPerson();
    const third = await newPerson();
    await blocker.client.request('user.block', { userId: blocked.user.id });
    expect(await blocked.client.refused('room.create_group', { name: 'g', members: [blocker.user.username] })).toMatchObject({
      code: 'blocked',
      field: 'members.0',
    });
    const group = await createGroup(blocked.client, 'g', [third.user]);
    expect(await blocked.client.refused('room.add_members', { roomId: group.roomId, members: [blocker.user.username] })).toMatchObject({
      code: 'blocked',
    });
  });

  it('keeps group messages flowing both ways: a block is about direct contact', async () => {
    const blocker = await newPerson();
    const blocked = await newPerson();
    const group = await createGroup(blocker.client, 'both', [blocked.user]);
    await blocker.client.request('user.block', { userId: blocked.user.id });
    const message = await sendText(blocked.client, group.roomId, 'in the group');
    expect((await blocker.client.event('message', (event) => event.message.id === message.id)).message.text).toBe('in the group');
  });

  it('hides the blocker\'s presence from the blocked user: at once, at their return, and in the chat list', async () => {
    const { blocker, blocked } = await blockedPair();
    await blocked.client.event('presence', (event) => event.userId === blocker.user.id && !event.online);
    expect((await blocked.client.request('chats.list', {})).online).not.toContain(blocker.user.id);
    blocked.client.clearInbox();
    // The blocker still sees the blocked user.
    expect((await blocker.client.request('chats.list', {})).online).toContain(blocked.user.id);

    await blocker.client.close();
    const back = await env.server.signIn(blocker.user);
    await back.sync();
    await blocked.client.sync();
    expect(blocked.client.unconsumed('presence').filter((event) => event.userId === blocker.user.id && event.online)).toEqual([]);
  });

  it('tells the blocker\'s other sessions, lists blocks newest first, and refuses blocking oneself or nobody', async () => {
    const ada = await newPerson();
    const other = await env.server.signIn(ada.user);
    const first = await newPerson();
    const second = await newPerson();
    await ada.client.request('user.block', { userId: first.user.id });
    // Blocks are ordered by the millisecond they were made: two in the same one would come in id order.
    await sleep(5);
    await ada.client.request('user.block', { userId: second.user.id });
    expect((await other.event('user.blocks', (event) => event.userId === first.user.id)).blocked).toBe(true);
    expect((await ada.client.request('user.blocked', {})).users.map((user) => user.id)).toEqual([second.user.id, first.user.id]);
    await ada.client.request('user.unblock', { userId: first.user.id });
    expect((await other.event('user.blocks', (event) => event.userId === first.user.id && !event.blocked)).blocked).toBe(false);
    expect((await ada.client.request('user.blocked', {})).users.map((user) => user.id)).toEqual([second.user.id]);

    expect(await ada.client.refused('user.block', { userId: ada.user.id })).toMatchObject({ code: 'validation_failed', field: 'userId' });
    expect(await ada.client.refused('user.block', { userId: 99_999_999 })).toMatchObject({ code: 'not_found', field: 'userId' });
  });

  it('holds on the server API too: no post as the blocked user into the direct room, no new direct room', async () => {
    const key = await apiKey(env.server);
    const blockerAuth = await hostUser(env.server, 'blk-api-1');
    const blockedAuth = await hostUser(env.server, 'blk-api-2');
    await hostUser(env.server, 'blk-api-3');
    const { room } = await ok(
      call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'direct', members: ['blk-api-1', 'blk-api-2'] } }),
      ROUTES.serverCreateRoom,
    );
    const socket = await env.server.signIn(blockerAuth);
    await socket.request('user.block', { userId: blockedAuth.user.id });
    await socket.request('user.block', { userId: (await hostUser(env.server, 'blk-api-3')).user.id });

    const post = await call(env.server, ROUTES.serverPostMessage, key, {
      params: { roomId: String(room.id) },
      body: { sender: 'blk-api-2', clientMsgId: 'api-1', text: 'through the backend' },
    });
    expect(post.status).toBe(403);
    expect(post.body).toMatchObject({ error: { code: 'blocked' } });
    // The site's own system messages are not the blocked user's: they still go in.
    await ok(
      call(env.server, ROUTES.serverPostMessage, key, { params: { roomId: String(room.id) }, body: { clientMsgId: 'sys-1', text: 'notice' } }),
      ROUTES.serverPostMessage,
    );
    const direct = await call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'direct', members: ['blk-api-3', 'blk-api-1'] } });
    expect(direct.status).toBe(403);
    expect(direct.body).toMatchObject({ error: { code: 'blocked', field: 'members' } });
  });
});
