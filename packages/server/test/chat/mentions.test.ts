// Mentions over the wire: who a message mentions reaches the room with it, the mentioned count follows read markers,
// edits and deletions, and naming someone outside the room tells them nothing.

import type { Chat } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { createGroup, person, sendText } from '../support/chat.js';
import { uniqueNames, useTestServer } from '../support/test-server.js';

const env = useTestServer();
const nextName = uniqueNames('mention');

describe('mentions', () => {
  it('sends who a message mentions with it, counts it in the chat list and the read marker, and tells no outsider', async () => {
    const ada = await person(env.server, nextName());
    const bob = await person(env.server, nextName());
    const outsider = await person(env.server, nextName());
    const group = (await createGroup(ada.client, 'Mentions', [bob.user])).roomId;
    await bob.client.event('chat');

    const sent = await sendText(ada.client, group, `@${bob.user.username.toUpperCase()} and @${outsider.user.username}, look`);
    expect(sent.mentions).toEqual([bob.user.id]);
    expect((await bob.client.event('message')).message.mentions).toEqual([bob.user.id]);
    const listed = (await bob.client.request('chats.list', {})).chats.find((chat: Chat) => chat.roomId === group);
    expect(listed).toMatchObject({ unread: 1, mentioned: 1 });
    expect(await bob.client.request('read', { roomId: group, seq: 1 })).toEqual({ roomId: group, readSeq: 1, unread: 0, mentioned: 0, lastSeq: 1, changeSeq: 0 });

    await outsider.client.sync();
    expect(outsider.client.unconsumed('message')).toEqual([]);
    expect(outsider.client.unconsumed('chat')).toEqual([]);
  });

  it('pushes a fresh view to whom an edit stops or starts mentioning', async () => {
    const ada = await person(env.server, nextName());
    const bob = await person(env.server, nextName());
    const cy = await person(env.server, nextName());
    const group = (await createGroup(ada.client, 'Edits', [bob.user, cy.user])).roomId;
    await sendText(ada.client, group, `hey @${bob.user.username}`);
    await ada.client.request('message.edit', { roomId: group, seq: 1, text: `hey @${cy.user.username}` });
    expect((await bob.client.event('chat', (event) => event.chat.roomId === group && event.chat.changeSeq === 1)).chat).toMatchObject({ mentioned: 0 });
    expect((await cy.client.event('chat', (event) => event.chat.roomId === group && event.chat.changeSeq === 1)).chat).toMatchObject({ mentioned: 1 });
    await ada.client.request('message.delete', { roomId: group, seq: 1 });
    expect((await cy.client.event('chat', (event) => event.chat.roomId === group && event.chat.changeSeq === 2)).chat).toMatchObject({ mentioned: 0, unread: 0 });
  });
});
