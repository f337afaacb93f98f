// Rooms: one direct room per pair however it is opened, and groups whose owner manages members.

import { describe, expect, it } from 'vitest';
import { createGroup, openDirect, person, sendText, type Person } from '../support/chat.js';
import { uniqueNames, useTestServer } from '../support/test-server.js';

const env = useTestServer();
const nextName = uniqueNames('room');

function newPerson(): Promise<Person> {
  return person(env.server, nextName());
}

describe('direct rooms', () => {
  it('finds the same room whoever opens it first, by e-mail or by username', async () => {
    const [{ user: ada, client: adaClient }, { user: bob, client: bobClient }] = [await newPerson(), await newPerson()];

    const first = (await adaClient.request('room.open_direct', { with: bob.email.toUpperCase() })).chat;
    const again = (await adaClient.request('room.open_direct', { with: bob.username })).chat;
    const fromBob = (await bobClient.request('room.open_direct', { with: ada.email })).chat;

    expect(again.roomId).toBe(first.roomId);
    expect(fromBob.roomId).toBe(first.roomId);
    expect(first).toMatchObject({ kind: 'direct', name: null, peer: { id: bob.id, username: bob.username } });
    expect(fromBob.peer).toEqual({ id: ada.id, username: ada.username, displayName: null, avatarUrl: null, data: {} });
    expect(env.server.db.count('rooms')).toBe(1);
  });

  it('pushes the new room to both users once, and only when it is created', async () => {
    const [{ user: ada, client: adaClient }, { user: bob, client: bobClient }] = [await newPerson(), await newPerson()];

    const chat = await openDirect(adaClient, bob);
    expect((await bobClient.event('chat')).chat).toMatchObject({ roomId: chat.roomId, peer: { id: ada.id } });
    expect((await adaClient.event('chat')).chat.roomId).toBe(chat.roomId);

    await openDirect(bobClient, ada);
    await Promise.all([adaClient.sync(), bobClient.sync()]);
    expect(adaClient.unconsumed('chat')).toEqual([]);
    expect(bobClient.unconsumed('chat')).toEqual([]);
    // Both are subscribed: a message reaches the peer without any reconnect.
    const sent = await sendText(adaClient, chat.roomId, 'hello');
    expect((await bobClient.event('message')).message.id).toBe(sent.id);
  });

  it('opens one room when both users open it at the same moment', async () => {
    const [{ user: ada, client: adaClient }, { user: bob, client: bobClient }] = [await newPerson(), await newPerson()];
    const [a, b] = await Promise.all([openDirect(adaClient, bob), openDirect(bobClient, ada)]);
    expect(a.roomId).toBe(b.roomId);
  });

  it('refuses a chat with oneself and with an unknown user, naming the field', async () => {
    const [{ user: ada, client }] = [await newPerson()];
    expect(await client.refused('room.open_direct', { with: ada.username })).toMatchObject({
      code: 'validation_failed',
      field: 'with',
    });
    expect(await client.refused('room.open_direct', { with: 'nobody.here' })).toMatchObject({ code: 'not_found', field: 'with' });
  });
});

describe('group rooms', () => {
  it('creates a group with its owner and members, and pushes it to every member', async () => {
    const [{ user: owner, client: ownerClient }, { user: m1, client: m1Client }, { user: m2 }] = [await newPerson(), await newPerson(), await newPerson()];

    const chat = await createGroup(ownerClient, '  Book club  ', [m1, m2, owner]);
    expect(chat).toMatchObject({ kind: 'group', name: 'Book club', ownerId: owner.id, peer: null });
    expect(chat.members.map((member) => member.id)).toEqual([owner.id, m1.id, m2.id]);
    expect((await m1Client.event('chat')).chat.roomId).toBe(chat.roomId);
  });

  it('refuses an empty name and unknown members', async () => {
    const [{ client }] = [await newPerson()];
    expect(await client.refused('room.create_group', { name: '   ', members: [] })).toMatchObject({
      code: 'validation_failed',
      field: 'name',
    });
    expect(await client.refused('room.create_group', { name: 'x', members: ['ghost.user'] })).toMatchObject({
      code: 'not_found',
      field: 'members.0',
    });
  });

  it('lets the owner add and remove members, who are told live and gain or lose the room', async () => {
    const [{ client: ownerClient }, { user: member, client: memberClient }, { user: late, client: lateClient }] = [await newPerson(), await newPerson(), await newPerson()];
    const group = await createGroup(ownerClient, 'Team', [member]);

    const added = (await ownerClient.request('room.add_members', { roomId: group.roomId, members: [late.email] })).chat;
    expect(added.members.map((m) => m.id)).toContain(late.id);
    expect((await lateClient.event('chat')).chat.roomId).toBe(group.roomId);
    const hello = await sendText(ownerClient, group.roomId, 'welcome');
    expect((await lateClient.event('message')).message.id).toBe(hello.id);

    const removed = (await ownerClient.request('room.remove_member', { roomId: group.roomId, userId: member.id })).chat;
    expect(removed.members.map((m) => m.id)).not.toContain(member.id);
    expect((await memberClient.event('chat.removed')).roomId).toBe(group.roomId);
    memberClient.clearInbox();
    await sendText(ownerClient, group.roomId, 'after removal');
    await memberClient.sync();
    expect(memberClient.unconsumed('message')).toEqual([]);
    expect(await memberClient.refused('history', { roomId: group.roomId })).toMatchObject({ code: 'forbidden' });
  });

  it('refuses member changes and renames by anyone but the owner', async () => {
    const [{ user: owner, client: ownerClient }, { user: member, client: memberClient }, { user: outsider }] = [await newPerson(), await newPerson(), await newPerson()];
    const group = await createGroup(ownerClient, 'Owned', [member]);

    for (const refusal of [
      await memberClient.refused('room.add_members', { roomId: group.roomId, members: [outsider.username] }),
      await memberClient.refused('room.remove_member', { roomId: group.roomId, userId: owner.id }),
      await memberClient.refused('room.rename', { roomId: group.roomId, name: 'Mine now' }),
    ]) {
      expect(refusal).toMatchObject({ code: 'forbidden', field: 'roomId' });
    }
    expect(await ownerClient.refused('room.remove_member', { roomId: group.roomId, userId: owner.id })).toMatchObject({
      code: 'validation_failed',
    });
  });

  it('lets the owner rename the group, pushing the new name to members', async () => {
    const [{ client: ownerClient }, { user: member, client: memberClient }] = [await newPerson(), await newPerson()];
    const group = await createGroup(ownerClient, 'Old', [member]);
    await memberClient.event('chat');
    await ownerClient.request('room.rename', { roomId: group.roomId, name: 'New' });
    expect((await memberClient.event('chat')).chat).toMatchObject({ roomId: group.roomId, name: 'New' });
  });

  it('pushes each member the room as they see it, with their own read marker and unread count', async () => {
    const [owner, reader, idler, outsider] = [await newPerson(), await newPerson(), await newPerson(), await newPerson()];
    const group = await createGroup(owner.client, 'Views', [reader.user, idler.user]);
    await Promise.all([reader.client.event('chat'), idler.client.event('chat')]);
    for (const text of ['one', 'two', 'three']) await sendText(owner.client, group.roomId, text);
    await sendText(idler.client, group.roomId, 'four');
    await reader.client.request('read', { roomId: group.roomId, seq: 2 });

    await owner.client.request('room.rename', { roomId: group.roomId, name: 'Renamed' });
    const shared = { roomId: group.roomId, name: 'Renamed', lastSeq: 4, peer: null, lastMessage: { seq: 4, text: 'four' } };
    expect((await owner.client.event('chat', (e) => e.chat.name === 'Renamed')).chat).toMatchObject({
      ...shared,
      readSeq: 0,
      unread: 1,
    });
    expect((await reader.client.event('chat', (e) => e.chat.name === 'Renamed')).chat).toMatchObject({
      ...shared,
      readSeq: 2,
      unread: 2,
    });
    const idlerView = (await idler.client.event('chat', (e) => e.chat.name === 'Renamed')).chat;
    expect(idlerView).toMatchObject({ ...shared, readSeq: 0, unread: 3 });
    expect(idlerView.members.map((member) => member.id)).toEqual([owner.user.id, reader.user.id, idler.user.id]);
    await outsider.client.sync();
    expect(outsider.client.unconsumed('chat')).toEqual([]);
  });

  it('lets members leave, passing ownership to the longest-standing member when the owner leaves', async () => {
    const [{ user: owner, client: ownerClient }, { user: first, client: firstClient }, { user: second, client: secondClient }] = [await newPerson(), await newPerson(), await newPerson()];
    const group = await createGroup(ownerClient, 'Heirs', [first, second]);
    await firstClient.event('chat');

    expect(await ownerClient.request('room.leave', { roomId: group.roomId })).toEqual({ roomId: group.roomId });
    expect((await ownerClient.event('chat.removed')).roomId).toBe(group.roomId);
    const updated = (await firstClient.event('chat', (e) => e.chat.ownerId !== owner.id)).chat;
    expect(updated.ownerId).toBe(first.id);
    expect(updated.members.map((m) => m.id)).toEqual([first.id, second.id]);

    // The heir now holds the owner's rights; the one who left holds none.
    await firstClient.request('room.rename', { roomId: group.roomId, name: 'Inherited' });
    expect(await ownerClient.refused('room.rename', { roomId: group.roomId, name: 'Back' })).toMatchObject({ code: 'forbidden' });

    await secondClient.request('room.leave', { roomId: group.roomId });
    expect((await firstClient.event('chat', (e) => e.chat.members.length === 1)).chat.ownerId).toBe(first.id);
  });

  it('refuses leaving a direct room', async () => {
    const [{ client }, { user: bob }] = [await newPerson(), await newPerson()];
    const direct = await openDirect(client, bob);
    expect(await client.refused('room.leave', { roomId: direct.roomId })).toMatchObject({ code: 'forbidden' });
    expect(await client.refused('room.add_members', { roomId: direct.roomId, members: [bob.username] })).toMatchObject({
      code: 'forbidden',
    });
  });
});
