// Read receipts: markers seen by members who share, live receipts between sharers only, and the setting.

import { describe, expect, it } from 'vitest';
import { createGroup, openDirect, person, sendMany } from '../support/chat.js';
import { uniqueNames, useTestServer } from '../support/test-server.js';

const env = useTestServer();
const nextName = uniqueNames('rcpt');

describe('read receipts', () => {
  it('shows a direct room\'s peer marker, and tells the sender live when the peer reads on', async () => {
    const ada = await person(env.server, nextName());
    const bob = await person(env.server, nextName());
    const { roomId } = await openDirect(ada.client, bob.user);
    await sendMany(ada.client, roomId, 3);
    expect(await ada.client.request('room.receipts', { roomId })).toEqual({ readers: [{ userId: bob.user.id, readSeq: 0 }] });
    await bob.client.request('read', { roomId, seq: 2 });
    await ada.client.event('receipt', (e) => e.readSeq === 2);
    expect(await ada.client.request('room.receipts', { roomId })).toEqual({ readers: [{ userId: bob.user.id, readSeq: 2 }] });
    // The reader's own connections hear `read`, not a receipt of themselves.
    await bob.client.sync();
    expect(bob.client.unconsumed('receipt')).toEqual([]);
  });

  it('sends the receipt event with the room, the reader and the marker', async () => {
    const ada = await person(env.server, nextName());
    const bob = await person(env.server, nextName());
    const { roomId } = await openDirect(ada.client, bob.user);
    await sendMany(ada.client, roomId, 2);
    await bob.client.request('read', { roomId, seq: 2 });
    expect(await ada.client.event('receipt')).toEqual({ type: 'receipt', roomId, userId: bob.user.id, readSeq: 2 });
  });

  it('leaves out a member who turned sharing off, and shows them none either, on every device', async () => {
    const ada = await person(env.server, nextName());
    const bob = await person(env.server, nextName());
    const cyd = await person(env.server, nextName());
    const { roomId } = await createGroup(ada.client, 'Seen', [bob.user, cyd.user]);
    await sendMany(ada.client, roomId, 2);
    const bobElsewhere = await env.server.signIn(bob.user);
    expect(await bob.client.request('receipts.share', { share: false })).toEqual({ share: false });
    expect(await bobElsewhere.event('receipts.sharing')).toEqual({ type: 'receipts.sharing', share: false });
    await bob.client.request('read', { roomId, seq: 2 });
    await cyd.client.request('read', { roomId, seq: 1 });
    expect(await ada.client.request('room.receipts', { roomId })).toEqual({ readers: [{ userId: cyd.user.id, readSeq: 1 }] });
    expect(await bob.client.request('room.receipts', { roomId })).toEqual({ readers: [] });
    await ada.client.event('receipt', (e) => e.userId === cyd.user.id);
    await ada.client.sync();
    expect(ada.client.unconsumed('receipt')).toEqual([]);
    // Bob hears of no one's reading while he does not share.
    await bob.client.sync();
    expect(bob.client.unconsumed('receipt')).toEqual([]);
    // A new sign-in is told the setting.
    expect((await (await env.server.connect()).auth(bob.user.token)).shareReceipts).toBe(false);
    await bob.client.request('receipts.share', { share: true });
    expect((await ada.client.request('room.receipts', { roomId })).readers.map((r) => r.userId).sort()).toEqual(
      [bob.user.id, cyd.user.id].sort(),
    );
  });

  it('refuses a room the caller is not a member of, whether or not it exists', async () => {
    const ada = await person(env.server, nextName());
    const bob = await person(env.server, nextName());
    const eve = await person(env.server, nextName());
    const { roomId } = await openDirect(ada.client, bob.user);
    expect(await eve.client.refused('room.receipts', { roomId })).toMatchObject({ code: 'forbidden', field: 'roomId' });
    expect(await eve.client.refused('room.receipts', { roomId: roomId + 10_000 })).toMatchObject({ code: 'forbidden' });
    await bob.client.request('read', { roomId, seq: 0 });
    await eve.client.sync();
    expect(eve.client.unconsumed('receipt')).toEqual([]);
  });
});
