// The ChatViewStore contract: each member's view of a room, and the chat list ordered by last activity.

import { describe, expect, it } from 'vitest';
import { addUser, asMember, openStore, queued, send, sendMany, upload, type StoreFactory } from './fixtures.js';

export function describeChatViewStoreContract(makeStore: StoreFactory): void {
  describe('chat views', () => {
    it('shows a direct room to each member with the other as peer, the last message and their own marker', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const { roomId } = await store.rooms.openDirect(ada.id, bob.id, 10);
      const [, , last] = await send(store, [
        queued(roomId, ada.id, 'a1', 20),
        queued(roomId, bob.id, 'b1', 30),
        queued(roomId, ada.id, 'a2', 40),
      ]);
      await store.messages.markRead(roomId, bob.id, 1);
      const members = [
        asMember(ada),
        asMember(bob),
      ];
      const common = { roomId, kind: 'direct', name: null, members, ownerId: ada.id, createdAt: 10, lastSeq: 3, changeSeq: 0, mentioned: 0, muted: false };
      expect(await store.chats.view(roomId, bob.id)).toEqual({
        ...common,
        peer: asMember(ada),
        lastMessage: last,
        lastActivityAt: 40,
        readSeq: 1,
        unread: 1,
      });
      expect(await store.chats.view(roomId, ada.id)).toEqual({
        ...common,
        peer: asMember(bob),
        lastMessage: last,
        lastActivityAt: 40,
        readSeq: 0,
        unread: 1,
      });
    });

    it('shows a group with its name, no peer, members longest-standing first, and no last message yet', async () => {
      const store = await openStore(makeStore);
      const early = await addUser(store, 'early');
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const roomId = await store.rooms.createGroup(bob.id, 'Team', [ada.id], 10);
      await store.rooms.addMembers(roomId, [early.id], 20);
      expect(await store.chats.view(roomId, early.id)).toEqual({
        roomId,
        kind: 'group',
        name: 'Team',
        peer: null,
        members: [
          asMember(ada),
          asMember(bob),
          asMember(early),
        ],
        ownerId: bob.id,
        createdAt: 10,
        lastSeq: 0,
        changeSeq: 0,
        lastMessage: null,
        lastActivityAt: 20,
        readSeq: 0,
        unread: 0,
        mentioned: 0,
        muted: false,
      });
    });

    it('previews the last message as it is now: edited, or a tombstone once deleted', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const { roomId } = await store.rooms.openDirect(ada.id, bob.id, 10);
      await sendMany(store, roomId, ada.id, 2);
      const edited = await store.messages.edit(roomId, 2, 'edited', 50);
      expect((await store.chats.view(roomId, bob.id))?.lastMessage).toEqual(edited);
      const tombstone = await store.messages.delete(roomId, 2, 60);
      const view = await store.chats.view(roomId, bob.id);
      expect(view?.lastMessage).toEqual(tombstone);
      expect(view?.unread).toBe(1);
    });

    it('previews a message with its attachments, so a message of files alone still says what it holds', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const { roomId } = await store.rooms.openDirect(ada.id, bob.id, 10);
      const other = await store.rooms.createGroup(ada.id, 'Team', [bob.id], 10);
      const file = await store.attachments.create(upload(ada.id, 'f', 20, { name: 'plan.pdf', type: 'application/pdf' }));
      const [sent] = await store.messages.append([{ ...queued(roomId, ada.id, 'files'), text: '', attachmentIds: [file.id] }]);
      await send(store, [queued(other, ada.id, 'plain')]);
      expect(sent?.message.attachments).toHaveLength(1);
      expect((await store.chats.view(roomId, bob.id))?.lastMessage).toEqual(sent?.message);
      const listed = await store.chats.list(bob.id);
      expect(listed.find((chat) => chat.roomId === roomId)?.lastMessage).toEqual(sent?.message);
      // Messages without files preview without an attachments field, as history reads them.
      expect(listed.find((chat) => chat.roomId === other)?.lastMessage).not.toHaveProperty('attachments');
    });

    it('shows no view to a non-member, nor of a room that does not exist', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const outsider = await addUser(store, 'outsider');
      const { roomId } = await store.rooms.openDirect(ada.id, bob.id, 10);
      expect(await store.chats.view(roomId, outsider.id)).toBeUndefined();
      expect(await store.chats.view(roomId + 1, ada.id)).toBeUndefined();
      expect((await store.chats.views(roomId + 1, [ada.id])).size).toBe(0);
    });

    it('shows one room to many users at once, each as view() would, leaving non-members out', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const cy = await addUser(store, 'cy');
      const outsider = await addUser(store, 'outsider');
      const roomId = await store.rooms.createGroup(ada.id, 'Team', [bob.id, cy.id], 10);
      await send(store, [queued(roomId, ada.id, 'a1'), queued(roomId, bob.id, 'b1'), queued(roomId, cy.id, 'c1')]);
      await store.messages.markRead(roomId, cy.id, 2);
      const views = await store.chats.views(roomId, [ada.id, cy.id, outsider.id, ada.id, bob.id]);
      expect([...views.keys()].sort((a, b) => a - b)).toEqual([ada.id, bob.id, cy.id]);
      for (const userId of [ada.id, bob.id, cy.id]) {
        expect(views.get(userId)).toEqual(await store.chats.view(roomId, userId));
      }
      expect(views.get(cy.id)).toMatchObject({ readSeq: 2, unread: 0 });
      expect(views.get(ada.id)).toMatchObject({ readSeq: 0, unread: 2 });
      expect((await store.chats.views(roomId, [])).size).toBe(0);
    });

    it('lists the user\'s rooms newest activity first: creation, messages, renames and new members all count', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const cy = await addUser(store, 'cy');
      const first = await store.rooms.createGroup(ada.id, 'First', [], 10);
      const second = (await store.rooms.openDirect(ada.id, bob.id, 20)).roomId;
      const third = await store.rooms.createGroup(bob.id, 'Third', [ada.id], 30);
      const order = async () => (await store.chats.list(ada.id)).map((chat) => chat.roomId);
      expect(await order()).toEqual([third, second, first]);
      await send(store, [queued(first, ada.id, 'm', 40)]);
      expect(await order()).toEqual([first, third, second]);
      await store.rooms.rename(second, 'Renamed', 50);
      expect(await order()).toEqual([second, first, third]);
      await store.rooms.addMembers(third, [cy.id], 60);
      expect(await order()).toEqual([third, second, first]);
      // Adding no one new is no activity.
      await store.rooms.addMembers(first, [ada.id], 70);
      expect(await order()).toEqual([third, second, first]);
      expect((await store.chats.list(ada.id)).map((chat) => chat.lastActivityAt)).toEqual([60, 50, 40]);
    });

    it('breaks ties in last activity newest room first', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const older = await store.rooms.createGroup(ada.id, 'Older', [], 10);
      const newer = await store.rooms.createGroup(ada.id, 'Newer', [], 10);
      expect((await store.chats.list(ada.id)).map((chat) => chat.roomId)).toEqual([newer, older]);
    });

    it('lists each room as view() shows it, and nothing for a user without rooms', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const loner = await addUser(store, 'loner');
      const direct = (await store.rooms.openDirect(ada.id, bob.id, 10)).roomId;
      const group = await store.rooms.createGroup(bob.id, 'Team', [ada.id], 20);
      await send(store, [queued(direct, bob.id, 'd1', 30), queued(group, bob.id, 'g1', 25), queued(group, ada.id, 'g2', 26)]);
      await store.messages.markRead(group, ada.id, 1);
      const list = await store.chats.list(ada.id);
      expect(list).toEqual([await store.chats.view(direct, ada.id), await store.chats.view(group, ada.id)]);
      expect(list.map((chat) => chat.unread)).toEqual([1, 0]);
      expect(await store.chats.list(loner.id)).toEqual([]);
    });
  });
}
