import { describe, expect, it } from 'vitest';
import { nextEvent, untilChats, useThreeUsers, type TestClient, type TestUser } from './support/fixtures.js';

describe('chat list', () => {
  const env = useThreeUsers();
  const connect = (user: TestUser): Promise<TestClient> => env.connect(user);

  it('keeps two clients’ lists live and sorted by latest activity', async () => {
    const a = await connect(env.ada);
    const g = await connect(env.grace);
    const l = await connect(env.linus);
    const withGrace = await a.client.openDirect(env.grace.username);
    const withLinus = await a.client.openDirect(env.linus.email);
    await untilChats(g.client, (chats) => chats.some((c) => c.roomId === withGrace.roomId));
    await untilChats(l.client, (chats) => chats.some((c) => c.roomId === withLinus.roomId));

    await g.client.send(withGrace.roomId, 'grace first');
    await untilChats(a.client, (chats) => chats[0]?.roomId === withGrace.roomId && chats[0].lastSeq === 1);
    await l.client.send(withLinus.roomId, 'linus later');
    const order = await untilChats(a.client, (chats) => chats[0]?.roomId === withLinus.roomId);
    expect(order.map((c) => c.roomId).slice(0, 2)).toEqual([withLinus.roomId, withGrace.roomId]);
    expect(order[0]?.lastMessage?.text).toBe('linus later');

    await g.client.send(withGrace.roomId, 'grace again');
    const reordered = await untilChats(a.client, (chats) => chats[0]?.roomId === withGrace.roomId);
    expect(reordered[0]).toMatchObject({ lastSeq: 2, lastMessage: { text: 'grace again' } });
    // Grace's own list moved too, and counts nothing of hers as unread.
    const graceList = await untilChats(g.client, (chats) => chats[0]?.lastSeq === 2);
    expect(graceList[0]).toMatchObject({ roomId: withGrace.roomId, unread: 0 });
  });

  it('counts messages that mention the user live, apart from other unread ones, and clears them on read', async () => {
    const a = await connect(env.ada);
    const g = await connect(env.grace);
    const group = await g.client.createGroup('Mentioned', [env.ada.username, env.linus.username]);
    await untilChats(a.client, (chats) => chats.some((c) => c.roomId === group.roomId));
    const sent = await g.client.send(group.roomId, `@${env.ada.username} look`);
    expect(sent.mentions).toEqual([env.ada.id]);
    await g.client.send(group.roomId, 'plain');
    await g.client.send(group.roomId, `@${env.linus.username} and @${env.ada.username.toUpperCase()}`);
    const counted = await untilChats(a.client, (chats) => chats.find((c) => c.roomId === group.roomId)?.unread === 3);
    expect(counted.find((c) => c.roomId === group.roomId)).toMatchObject({ mentioned: 2 });
    expect(await a.client.markRead(group.roomId, 1)).toEqual({ roomId: group.roomId, readSeq: 1, unread: 2, mentioned: 1, lastSeq: 3, changeSeq: 0 });
    expect(a.client.chats.find((c) => c.roomId === group.roomId)?.mentioned).toBe(1);
  });

  it('counts unread messages and clears them on every client of the reader', async () => {
    const a1 = await connect(env.ada);
    const a2 = await connect(env.ada);
    const g = await connect(env.grace);
    const group = await g.client.createGroup('Unread', [env.ada.username]);
    await untilChats(a1.client, (chats) => chats.some((c) => c.roomId === group.roomId));
    for (const text of ['a', 'b', 'c']) await g.client.send(group.roomId, text);
    const counted = await untilChats(a1.client, (chats) => chats.find((c) => c.roomId === group.roomId)?.unread === 3);
    expect(counted.find((c) => c.roomId === group.roomId)).toMatchObject({ lastSeq: 3, readSeq: 0 });

    const otherTab = nextEvent(a2.client, 'read', (r) => r.roomId === group.roomId);
    const result = await a1.client.markRead(group.roomId);
    expect(result).toEqual({ roomId: group.roomId, readSeq: 3, unread: 0, mentioned: 0, lastSeq: 3, changeSeq: 0 });
    expect(await otherTab).toEqual({ roomId: group.roomId, readSeq: 3, unread: 0, mentioned: 0 });
    expect(a1.client.chats.find((c) => c.roomId === group.roomId)?.unread).toBe(0);
    await untilChats(a2.client, (chats) => chats.find((c) => c.roomId === group.roomId)?.unread === 0);

    await g.client.send(group.roomId, 'd');
    await untilChats(a1.client, (chats) => chats.find((c) => c.roomId === group.roomId)?.unread === 1);
    // Deleting an unread message takes it out of the count.
    const last = g.client.chats.find((c) => c.roomId === group.roomId)?.lastSeq ?? 0;
    await g.client.delete(group.roomId, last);
    await untilChats(a1.client, (chats) => chats.find((c) => c.roomId === group.roomId)?.unread === 0);
  });

  it('mutes a room on every client of the user, keeps counting its unread messages, and leaves others unmuted', async () => {
    const a1 = await connect(env.ada);
    const a2 = await connect(env.ada);
    const g = await connect(env.grace);
    const group = await g.client.createGroup('Noisy', [env.ada.username]);
    await untilChats(a2.client, (chats) => chats.some((c) => c.roomId === group.roomId));

    const muted = await a1.client.muteRoom(group.roomId, true);
    expect(muted).toMatchObject({ roomId: group.roomId, muted: true });
    // The caller's own list shows it without waiting for the event; the other device gets it live.
    expect(a1.client.chats.find((c) => c.roomId === group.roomId)?.muted).toBe(true);
    await untilChats(a2.client, (chats) => chats.find((c) => c.roomId === group.roomId)?.muted === true);

    await g.client.send(group.roomId, 'still counted');
    const counted = await untilChats(a2.client, (chats) => chats.find((c) => c.roomId === group.roomId)?.unread === 1);
    expect(counted.find((c) => c.roomId === group.roomId)).toMatchObject({ muted: true, lastSeq: 1 });
    expect(g.client.chats.find((c) => c.roomId === group.roomId)?.muted).toBe(false);

    await a2.client.muteRoom(group.roomId, false);
    await untilChats(a1.client, (chats) => chats.find((c) => c.roomId === group.roomId)?.muted === false);
    await expect(g.client.muteRoom(987654, true)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('adds and removes rooms as membership changes, and follows renames', async () => {
    const a = await connect(env.ada);
    const l = await connect(env.linus);
    const group = await a.client.createGroup('Before', [env.grace.username]);
    const added = untilChats(l.client, (chats) => chats.some((c) => c.roomId === group.roomId));
    await a.client.addMembers(group.roomId, [env.linus.username]);
    await added;
    const renamed = untilChats(l.client, (chats) => chats.find((c) => c.roomId === group.roomId)?.name === 'After');
    await a.client.rename(group.roomId, 'After');
    await renamed;
    const removed = nextEvent(l.client, 'chat.removed', (e) => e.roomId === group.roomId);
    await a.client.removeMember(group.roomId, env.linus.id);
    await removed;
    expect(l.client.chats.some((c) => c.roomId === group.roomId)).toBe(false);
    await a.client.leave(group.roomId);
    expect(a.client.chats.some((c) => c.roomId === group.roomId)).toBe(false);
  });

  it('tracks presence from the snapshot and live events', async () => {
    const a = await connect(env.ada);
    await a.client.openDirect(env.linus.username);
    const online = nextEvent(a.client, 'presence', (p) => p.userId === env.linus.id && p.online);
    const l = await connect(env.linus);
    await online;
    expect(a.client.online.has(env.linus.id)).toBe(true);
    const offline = nextEvent(a.client, 'presence', (p) => p.userId === env.linus.id && !p.online);
    l.client.close();
    await offline;
    expect(a.client.online.has(env.linus.id)).toBe(false);
  });
});
