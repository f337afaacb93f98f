// Replies and reactions over the socket: the configured emoji, live updates with whose reaction changed, the reader's
// own reactions in their answers, and the refusals.

import { describe, expect, it } from 'vitest';
import { createGroup, person, sendText } from '../support/chat.js';
import { uniqueNames, useTestServer } from '../support/test-server.js';

const env = useTestServer({ reactions: '👍,🎉' });
const nextName = uniqueNames('react');

describe('replies', () => {
  it('stores a reply with a quote of the original, and refuses one to a message not in the room', async () => {
    const ada = await person(env.server, nextName());
    const bob = await person(env.server, nextName());
    const { roomId } = await createGroup(ada.client, 'Replies', [bob.user]);
    const original = await sendText(ada.client, roomId, 'Lunch at noon?');
    const sent = await bob.client.request('message.send', { roomId, clientMsgId: 'reply-1', text: 'Yes!', replyTo: original.seq });
    expect(sent.message.replyTo).toEqual({ seq: original.seq, id: original.id, senderId: ada.user.id, excerpt: 'Lunch at noon?', deleted: false });
    const heard = await ada.client.event('message', (e) => e.message.seq === sent.message.seq);
    expect(heard.message.replyTo).toEqual(sent.message.replyTo);
    expect(await bob.client.refused('message.send', { roomId, clientMsgId: 'reply-2', text: 'What?', replyTo: 99 })).toMatchObject({
      code: 'validation_failed',
      field: 'replyTo',
    });
  });
});

describe('reactions', () => {
  it('announces the configured emoji after auth and refuses any other', async () => {
    const ada = await person(env.server, nextName());
    expect((await (await env.server.connect()).auth(ada.user.token)).reactions).toEqual(['👍', '🎉']);
    const { roomId } = await createGroup(ada.client, 'Emoji', []);
    const message = await sendText(ada.client, roomId, 'hi');
    expect(await ada.client.refused('reaction.add', { roomId, seq: message.seq, emoji: '❤️' })).toMatchObject({
      code: 'validation_failed',
      field: 'emoji',
    });
  });

  it('tells the room live whose reaction changed, and gives each reader their own', async () => {
    const ada = await person(env.server, nextName());
    const bob = await person(env.server, nextName());
    const { roomId } = await createGroup(ada.client, 'Live', [bob.user]);
    const message = await sendText(ada.client, roomId, 'ship it');
    const added = await bob.client.request('reaction.add', { roomId, seq: message.seq, emoji: '🎉' });
    expect(added.message.reactions).toEqual([{ emoji: '🎉', count: 1, userIds: [bob.user.id] }]);
    expect(added.message.myReactions).toEqual(['🎉']);
    const heard = await ada.client.event('message.updated', (e) => e.message.seq === message.seq);
    expect(heard.reaction).toEqual({ userId: bob.user.id, emoji: '🎉', added: true });
    expect(heard.message.myReactions).toBeUndefined();
    // Adding again changes nothing and tells no one.
    await bob.client.request('reaction.add', { roomId, seq: message.seq, emoji: '🎉' });
    await ada.client.sync();
    expect(ada.client.unconsumed('message.updated')).toEqual([]);
    const adaPage = await ada.client.request('history', { roomId });
    expect(adaPage.messages[0]?.myReactions).toEqual([]);
    const changes = await bob.client.request('message.changes', { roomId, after: 0 });
    expect(changes.messages.map((m) => [m.seq, m.myReactions])).toEqual([[message.seq, ['🎉']]]);
    expect(await ada.client.request('reaction.list', { roomId, seq: message.seq, emoji: '🎉' })).toEqual({ userIds: [bob.user.id], count: 1 });
    const removed = await bob.client.request('reaction.remove', { roomId, seq: message.seq, emoji: '🎉' });
    expect(removed.message.reactions).toBeUndefined();
    expect((await ada.client.event('message.updated', (e) => e.reaction?.added === false)).message.reactions).toBeUndefined();
  });

  it('refuses a reaction to a deleted message', async () => {
    const ada = await person(env.server, nextName());
    const { roomId } = await createGroup(ada.client, 'Gone', []);
    const message = await sendText(ada.client, roomId, 'oops');
    await ada.client.request('message.delete', { roomId, seq: message.seq });
    expect(await ada.client.refused('reaction.add', { roomId, seq: message.seq, emoji: '👍' })).toMatchObject({ code: 'not_found', field: 'seq' });
  });
});
