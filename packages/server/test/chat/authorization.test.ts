// Authorization on every room operation: only members read, send to, change or hear about a room.

import type { RequestType, Requests } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { createGroup, person, sendText } from '../support/chat.js';
import { useTestServer } from '../support/test-server.js';

const env = useTestServer();

type RoomRequest = { [K in RequestType]: [K, (roomId: number) => Requests[K]['params']] }[RequestType];

/** Every request that names a room, with parameters that would succeed for a member or the owner. */
function roomRequests(memberId: number): RoomRequest[] {
  return [
    ['message.send', (roomId) => ({ roomId, clientMsgId: `intruder-${roomId}`, text: 'let me in' })],
    ['message.edit', (roomId) => ({ roomId, seq: 1, text: 'changed' })],
    ['message.delete', (roomId) => ({ roomId, seq: 1 })],
    ['reaction.add', (roomId) => ({ roomId, seq: 1, emoji: '👍' })],
    ['reaction.remove', (roomId) => ({ roomId, seq: 1, emoji: '👍' })],
    ['reaction.list', (roomId) => ({ roomId, seq: 1, emoji: '👍' })],
    ['history', (roomId) => ({ roomId })],
    ['message.search', (roomId) => ({ roomId, query: 'secret' })],
    ['read', (roomId) => ({ roomId, seq: 1 })],
    ['typing', (roomId) => ({ roomId })],
    ['room.leave', (roomId) => ({ roomId })],
    ['room.mute', (roomId) => ({ roomId, muted: true })],
    ['room.rename', (roomId) => ({ roomId, name: 'mine' })],
    ['room.add_members', (roomId) => ({ roomId, members: ['nobody'] })],
    ['room.remove_member', (roomId) => ({ roomId, userId: memberId })],
  ];
}

describe('a user who is not a member', () => {
  it('is refused every room operation with forbidden, the same for a room that does not exist', async () => {
    const owner = await person(env.server, 'owner');
    const member = await person(env.server, 'member');
    const mallory = await person(env.server, 'mallory');
    const group = await createGroup(owner.client, 'Private', [member.user]);
    await sendText(owner.client, group.roomId, 'secret');

    for (const roomId of [group.roomId, 9999]) {
      for (const [type, params] of roomRequests(member.user.id)) {
        const refusal = await mallory.client.refused(type, params(roomId));
        expect(refusal, `${type} on room ${roomId}`).toMatchObject({ code: 'forbidden', field: 'roomId' });
      }
    }
    expect(env.server.db.messages(group.roomId)).toMatchObject([{ text: 'secret', deleted: false }]);
    expect((await member.client.request('chats.list', {})).chats.find((c) => c.roomId === group.roomId)?.members).toHaveLength(2);
  });

  it('never hears the room\'s messages, edits, typing or changes, and does not see it in their list', async () => {
    const owner = await person(env.server, 'owner2');
    const member = await person(env.server, 'member2');
    const mallory = await person(env.server, 'mallory2');
    const group = await createGroup(owner.client, 'Quiet', [member.user]);
    const message = await sendText(owner.client, group.roomId, 'not for mallory');
    await owner.client.request('message.edit', { roomId: group.roomId, seq: message.seq, text: 'still not' });
    await owner.client.request('typing', { roomId: group.roomId });
    await owner.client.request('room.rename', { roomId: group.roomId, name: 'Renamed' });
    await member.client.event('chat', (e) => e.chat.name === 'Renamed');

    await mallory.client.sync();
    for (const type of ['message', 'message.updated', 'typing', 'chat', 'presence'] as const) {
      expect(mallory.client.unconsumed(type), type).toEqual([]);
    }
    expect((await mallory.client.request('chats.list', {})).chats).toEqual([]);
  });
});
