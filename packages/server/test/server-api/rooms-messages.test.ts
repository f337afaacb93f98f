// The server API's rooms and messages, against a real server with users' sockets open: every change reaches them
// as if a user had made it, system messages included, acknowledged only once stored and idempotent on resend.

import { ROUTES } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { apiError } from '../support/http.js';
import { useTestServer } from '../support/test-server.js';
import { apiKey, call, HOST_FLAGS, hostUser, ok } from './support.js';

describe('server API: rooms and messages', () => {
  const env = useTestServer(HOST_FLAGS);

  /** Host users signed in with a socket each, and a key. */
  async function cast(...subs: string[]) {
    const key = await apiKey(env.server);
    const people = await Promise.all(
      subs.map(async (sub) => {
        const auth = await hostUser(env.server, sub);
        const socket = await env.server.signIn(auth);
        return { sub, id: auth.user.id, token: auth.token, socket };
      }),
    );
    return { key, people };
  }

  it('creates a group that appears live in every member\'s chat list, owned by the owner', async () => {
    const { key, people } = await cast('g-owner', 'g-member');
    const [owner, member] = people;
    if (owner === undefined || member === undefined) throw new Error('cast');
    const { room, created } = await ok(
      call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'group', name: ' Project X ', owner: 'g-owner', members: ['g-member'] } }),
      ROUTES.serverCreateRoom,
    );
    expect(created).toBe(true);
    expect(room).toMatchObject({ kind: 'group', name: 'Project X', ownerId: owner.id, lastSeq: 0 });
    // Both joined at once, so the tie goes by user id; the two signed in concurrently, in either order.
    expect(room.members.map((user) => user.id)).toEqual([owner.id, member.id].sort((a, b) => a - b));
    for (const person of people) {
      const pushed = await person.socket.event('chat', (frame) => frame.chat.roomId === room.id);
      expect(pushed.chat.name).toBe('Project X');
    }
  });

  it('opens a direct room once: a second call answers the same room with created: false', async () => {
    const { key } = await cast('d-ada', 'd-bob');
    const body = { kind: 'direct', members: ['d-ada', 'd-bob'] };
    const first = await ok(call(env.server, ROUTES.serverCreateRoom, key, { body }), ROUTES.serverCreateRoom);
    const second = await ok(call(env.server, ROUTES.serverCreateRoom, key, { body: { ...body, members: ['d-bob', 'd-ada'] } }), ROUTES.serverCreateRoom);
    expect(first.created).toBe(true);
    expect(second).toEqual({ room: first.room, created: false });
  });

  it('adds and removes members live: the newcomer gets the room and its messages, the removed one loses it', async () => {
    const { key, people } = await cast('m-owner', 'm-new');
    const [owner, newcomer] = people;
    if (owner === undefined || newcomer === undefined) throw new Error('cast');
    const { room } = await ok(
      call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'group', name: 'Team', owner: 'm-owner', members: [] } }),
      ROUTES.serverCreateRoom,
    );
    const added = await ok(
      call(env.server, ROUTES.serverAddMembers, key, { params: { roomId: String(room.id) }, body: { members: ['m-new'] } }),
      ROUTES.serverAddMembers,
    );
    expect(added.room.members.map((user) => user.id).sort((a, b) => a - b)).toEqual([owner.id, newcomer.id].sort((a, b) => a - b));
    await newcomer.socket.event('chat', (frame) => frame.chat.roomId === room.id);
    await ok(
      call(env.server, ROUTES.serverPostMessage, key, { params: { roomId: String(room.id) }, body: { clientMsgId: 'after-add', text: 'hello', sender: 'm-owner' } }),
      ROUTES.serverPostMessage,
    );
    const heard = await newcomer.socket.event('message', (frame) => frame.message.roomId === room.id);
    expect(heard.message).toMatchObject({ kind: 'user', senderId: owner.id, text: 'hello' });

    const removed = await ok(
      call(env.server, ROUTES.serverRemoveMember, key, { params: { roomId: String(room.id), externalId: 'm-new' } }),
      ROUTES.serverRemoveMember,
    );
    expect(removed.room.members.map((user) => user.id)).toEqual([owner.id]);
    await newcomer.socket.event('chat.removed', (frame) => frame.roomId === room.id);
    const refused = await newcomer.socket.refused('message.send', { roomId: room.id, clientMsgId: 'gone', text: 'still here?' });
    expect(refused.code).toBe('forbidden');
    const last = await call(env.server, ROUTES.serverRemoveMember, key, { params: { roomId: String(room.id), externalId: 'm-owner' } });
    expect(last.status).toBe(400);
    expect(apiError(last).code).toBe('validation_failed');
  });

  it('posts a system message: acked after commit with the room\'s next seq, delivered live, a resend stores nothing new', async () => {
    const { key, people } = await cast('s-ada', 's-bob');
    const [ada, bob] = people;
    if (ada === undefined || bob === undefined) throw new Error('cast');
    const { room } = await ok(call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'direct', members: ['s-ada', 's-bob'] } }), ROUTES.serverCreateRoom);
    const sent = await ada.socket.request('message.send', { roomId: room.id, clientMsgId: 'user-1', text: 'first' });
    const params = { roomId: String(room.id) };
    const posted = await ok(
      call(env.server, ROUTES.serverPostMessage, key, { params, body: { clientMsgId: 'welcome-1', text: '  Order #42 shipped  ' } }),
      ROUTES.serverPostMessage,
    );
    expect(posted).toMatchObject({ duplicate: false, message: { kind: 'system', senderId: null, seq: sent.message.seq + 1, text: 'Order #42 shipped' } });
    // Acknowledged only after the commit: the row is in the database by the time the answer arrives.
    expect(env.server.db.messages(room.id).length).toBe(2);
    for (const person of [ada, bob]) {
      const live = await person.socket.event('message', (frame) => frame.message.kind === 'system');
      expect(live.message).toEqual(posted.message);
    }
    ada.socket.clearInbox();
    const resent = await ok(
      call(env.server, ROUTES.serverPostMessage, key, { params, body: { clientMsgId: 'welcome-1', text: 'changed on the way' } }),
      ROUTES.serverPostMessage,
    );
    expect(resent).toEqual({ duplicate: true, message: posted.message });
    expect(env.server.db.messages(room.id).length).toBe(2);
    await ada.socket.sync();
    expect(ada.socket.unconsumed('message')).toEqual([]);
    const chats = await bob.socket.request('chats.list', {});
    expect(chats.chats.find((chat) => chat.roomId === room.id)?.unread).toBe(2);
  });

  it('posts as a member with that member\'s idempotency key, and refuses a sender outside the room', async () => {
    const { key, people } = await cast('p-ada', 'p-bob', 'p-cy');
    const [ada] = people;
    if (ada === undefined) throw new Error('cast');
    const { room } = await ok(call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'direct', members: ['p-ada', 'p-bob'] } }), ROUTES.serverCreateRoom);
    const params = { roomId: String(room.id) };
    const viaSocket = await ada.socket.request('message.send', { roomId: room.id, clientMsgId: 'shared-id', text: 'from the socket' });
    const viaApi = await ok(
      call(env.server, ROUTES.serverPostMessage, key, { params, body: { clientMsgId: 'shared-id', text: 'again', sender: 'p-ada' } }),
      ROUTES.serverPostMessage,
    );
    expect(viaApi).toEqual({ duplicate: true, message: viaSocket.message });
    const outsider = await call(env.server, ROUTES.serverPostMessage, key, { params, body: { clientMsgId: 'x', text: 'hi', sender: 'p-cy' } });
    expect(outsider.status).toBe(403);
    expect(apiError(outsider)).toMatchObject({ code: 'forbidden', field: 'sender' });
  });

  it('pages history and deletes a message as a tombstone, live', async () => {
    const { key, people } = await cast('h-ada', 'h-bob');
    const [ada, bob] = people;
    if (ada === undefined || bob === undefined) throw new Error('cast');
    const { room } = await ok(call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'direct', members: ['h-ada', 'h-bob'] } }), ROUTES.serverCreateRoom);
    const params = { roomId: String(room.id) };
    for (const n of [1, 2, 3]) {
      await ok(call(env.server, ROUTES.serverPostMessage, key, { params, body: { clientMsgId: `h${n}`, text: `m${n}` } }), ROUTES.serverPostMessage);
    }
    const newest = await ok(call(env.server, ROUTES.serverMessages, key, { params, query: '?limit=2' }), ROUTES.serverMessages);
    expect(newest.messages.map((message) => message.text)).toEqual(['m2', 'm3']);
    expect(newest.hasMore).toBe(true);
    const older = await ok(call(env.server, ROUTES.serverMessages, key, { params, query: '?before=2' }), ROUTES.serverMessages);
    expect(older).toMatchObject({ messages: [{ seq: 1 }], hasMore: false });
    const bad = await call(env.server, ROUTES.serverMessages, key, { params, query: '?before=2&after=1' });
    expect(bad.status).toBe(400);
    expect(apiError(bad).field).toBe('after');
    const notANumber = await call(env.server, ROUTES.serverMessages, key, { params, query: '?limit=lots' });
    expect(apiError(notANumber)).toMatchObject({ code: 'bad_request', field: 'limit' });

    bob.socket.clearInbox();
    const { message } = await ok(call(env.server, ROUTES.serverDeleteMessage, key, { params: { ...params, seq: '2' } }), ROUTES.serverDeleteMessage);
    expect(message).toMatchObject({ seq: 2, deleted: true, text: '' });
    const live = await bob.socket.event('message.updated');
    expect(live.message).toEqual(message);
    const again = await call(env.server, ROUTES.serverDeleteMessage, key, { params: { ...params, seq: '2' } });
    expect(again.status).toBe(404);
  });

  it('refuses bad bodies and unknown users and rooms with typed errors naming the field', async () => {
    const { key } = await cast('v-ada', 'v-bob');
    const cases: [Promise<import('../support/http.js').HttpResult>, number, string, string | undefined][] = [
      [call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'direct', members: ['v-ada'] } }), 400, 'bad_request', 'members'],
      [call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'direct', members: ['v-ada', 'v-bob'], name: 'x' } }), 400, 'bad_request', 'name'],
      [call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'group', owner: 'v-ada', members: [] } }), 400, 'bad_request', 'name'],
      [call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'group', name: 'G', members: [] } }), 400, 'bad_request', 'owner'],
      [call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'group', name: '   ', owner: 'v-ada', members: [] } }), 400, 'validation_failed', 'name'],
      [call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'group', name: 'G', owner: 'v-ada', members: ['nobody'] } }), 404, 'not_found', 'members.0'],
      [call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'room', members: [] } }), 400, 'bad_request', 'kind'],
      [call(env.server, ROUTES.serverPostMessage, key, { params: { roomId: '999999' }, body: { clientMsgId: 'a', text: 'hi' } }), 404, 'not_found', undefined],
      [call(env.server, ROUTES.serverGetUser, key, { params: { externalId: 'nobody' } }), 404, 'not_found', undefined],
      [call(env.server, ROUTES.serverAddMembers, key, { params: { roomId: '1' }, body: { members: [] } }), 400, 'bad_request', 'members'],
    ];
    for (const [pending, status, code, field] of cases) {
      const result = await pending;
      expect(result.status, result.text).toBe(status);
      const error = apiError(result);
      expect(error.code, result.text).toBe(code);
      expect(error.field).toBe(field);
    }
    const { room } = await ok(call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'direct', members: ['v-ada', 'v-bob'] } }), ROUTES.serverCreateRoom);
    const params = { roomId: String(room.id) };
    const empty = await call(env.server, ROUTES.serverPostMessage, key, { params, body: { clientMsgId: 'e', text: '   ' } });
    expect(apiError(empty)).toMatchObject({ code: 'validation_failed', field: 'text' });
    const direct = await call(env.server, ROUTES.serverAddMembers, key, { params, body: { members: ['v-ada'] } });
    expect(apiError(direct).code).toBe('forbidden');
  });
});
