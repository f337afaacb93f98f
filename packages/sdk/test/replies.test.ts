// Replies through the SDK against a real server: the outbox carries `replyTo` to the server, and the stored message
// quotes the original.

import { describe, expect, it } from 'vitest';
import { nextEvent, useThreeUsers } from './support/fixtures.js';

describe('replies', () => {
  const env = useThreeUsers();

  it('sends a reply through the outbox and both members get the quote of the original', async () => {
    const a = await env.connect(env.ada);
    const g = await env.connect(env.grace);
    const { roomId } = await a.client.openDirect(env.grace.username);
    const original = await g.client.send(roomId, 'Lunch at noon?');

    const arrived = nextEvent(g.client, 'message', (message) => message.roomId === roomId && message.seq > original.seq);
    const reply = await a.client.send(roomId, 'Yes!', { replyTo: original.seq });
    const quote = { seq: original.seq, id: original.id, senderId: original.senderId, deleted: false };
    expect(reply.replyTo).toMatchObject(quote);
    expect((await arrived).replyTo).toMatchObject(quote);
  });
});
