import { describe, expect, it } from 'vitest';
import { nextEvent, untilChats, useThreeUsers } from './support/fixtures.js';

describe('read receipts', () => {
  const env = useThreeUsers();

  it('reads the other members\' markers and hears live when one reads on', async () => {
    const a = await env.connect(env.ada);
    const g = await env.connect(env.grace);
    const chat = await a.client.openDirect(env.grace.username);
    await untilChats(g.client, (chats) => chats.some((c) => c.roomId === chat.roomId));
    const sent = await a.client.send(chat.roomId, 'seen yet?');
    expect(await a.client.receipts(chat.roomId)).toEqual([{ userId: g.client.user?.id, readSeq: 0 }]);
    const receipt = nextEvent(a.client, 'receipt', (r) => r.roomId === chat.roomId && r.readSeq >= sent.seq);
    await g.client.markRead(chat.roomId, sent.seq);
    expect(await receipt).toEqual({ roomId: chat.roomId, userId: g.client.user?.id, readSeq: sent.seq });
    expect(await a.client.receipts(chat.roomId)).toEqual([{ userId: g.client.user?.id, readSeq: sent.seq }]);
  });

  it('turns sharing off on every device of the user: their receipts stop, and they see none', async () => {
    const a = await env.connect(env.ada);
    const l1 = await env.connect(env.linus);
    const l2 = await env.connect(env.linus);
    expect(l1.client.sharesReceipts).toBe(true);
    const group = await a.client.createGroup('Receipts', [env.linus.username]);
    await untilChats(l1.client, (chats) => chats.some((c) => c.roomId === group.roomId));
    await a.client.send(group.roomId, 'one');
    const told = nextEvent(l2.client, 'receipts.sharing');
    await l1.client.shareReceipts(false);
    expect(await told).toEqual({ share: false });
    expect(l1.client.sharesReceipts).toBe(false);
    expect(l2.client.sharesReceipts).toBe(false);
    expect(await l1.client.receipts(group.roomId)).toEqual([]);
    await l1.client.markRead(group.roomId);
    expect(await a.client.receipts(group.roomId)).toEqual([]);
    await l1.client.shareReceipts(true);
  });

  it('refuses the receipts of a room the user is not in', async () => {
    const a = await env.connect(env.ada);
    const g = await env.connect(env.grace);
    const group = await a.client.createGroup('Private', [env.linus.username]);
    await expect(g.client.receipts(group.roomId)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
