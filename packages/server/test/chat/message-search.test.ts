// message.search over the socket: the caller's rooms only (losing a room loses its messages), the matched ranges,
// bad queries refused with a typed error.

import { describe, expect, it } from 'vitest';
import { createGroup, openDirect, person, sendText } from '../support/chat.js';
import { useTestServer } from '../support/test-server.js';

const env = useTestServer();

describe('message.search', () => {
  it("finds the caller's messages in all their rooms or in one, with the ranges of each text that matched", async () => {
    const ada = await person(env.server, 'search-ada');
    const bob = await person(env.server, 'search-bob');
    const direct = await openDirect(ada.client, bob.user);
    const group = await createGroup(bob.client, 'Launch', [ada.user]);
    await sendText(ada.client, direct.roomId, 'The launch checklist is ready');
    await sendText(bob.client, group.roomId, 'Launch moved to Tuesday');
    await sendText(bob.client, group.roomId, 'unrelated');

    const everywhere = await ada.client.request('message.search', { query: 'launch' });
    expect(everywhere.hits.map((hit) => hit.message.text).sort()).toEqual(['Launch moved to Tuesday', 'The launch checklist is ready']);
    const hit = everywhere.hits.find((h) => h.message.roomId === direct.roomId);
    expect(hit?.highlights).toEqual([{ start: 4, end: 10 }]);

    const inGroup = await ada.client.request('message.search', { query: 'launch tues', roomId: group.roomId });
    expect(inGroup.hits.map((h) => ({ text: h.message.text, highlights: h.highlights }))).toEqual([
      { text: 'Launch moved to Tuesday', highlights: [{ start: 0, end: 6 }, { start: 16, end: 23 }] },
    ]);
    expect(inGroup.hasMore).toBe(false);
  });

  it('stops finding messages of a room the caller was removed from, and never finds other people\'s rooms', async () => {
    const owner = await person(env.server, 'search-owner');
    const member = await person(env.server, 'search-member');
    const outsider = await person(env.server, 'search-outsider');
    const group = await createGroup(owner.client, 'Plans', [member.user]);
    await sendText(owner.client, group.roomId, 'quarterly roadmap draft');
    expect((await member.client.request('message.search', { query: 'roadmap' })).hits).toHaveLength(1);
    expect((await outsider.client.request('message.search', { query: 'roadmap' })).hits).toEqual([]);

    await owner.client.request('room.remove_member', { roomId: group.roomId, userId: member.user.id });
    await member.client.event('chat.removed', (e) => e.roomId === group.roomId);
    expect((await member.client.request('message.search', { query: 'roadmap' })).hits).toEqual([]);
    expect(await member.client.refused('message.search', { query: 'roadmap', roomId: group.roomId })).toMatchObject({
      code: 'forbidden',
      field: 'roomId',
    });
  });

  it('refuses a query with no word in it, or too long, with validation_failed on query', async () => {
    const ada = await person(env.server, 'search-ada2');
    for (const query of ['?!', '   ', 'x'.repeat(201)]) {
      expect(await ada.client.refused('message.search', { query }), JSON.stringify(query)).toMatchObject({
        code: 'validation_failed',
        field: 'query',
      });
    }
  });
});
