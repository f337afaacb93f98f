// The RoomStore contract: one direct room per pair, groups, members in joining order, rooms and contacts of a user.

import { describe, expect, it } from 'vitest';
import { addUser, attempt, openStore, queued, sorted, type StoreFactory } from './fixtures.js';

export function describeRoomStoreContract(makeStore: StoreFactory): void {
  describe('rooms: direct', () => {
    it('creates the direct room of a pair once, then finds it from either side', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const opened = await store.rooms.openDirect(bob.id, ada.id, 10);
      expect(opened.created).toBe(true);
      expect(await store.rooms.openDirect(ada.id, bob.id, 20)).toEqual({ roomId: opened.roomId, created: false });
      expect(await store.rooms.openDirect(bob.id, ada.id, 30)).toEqual({ roomId: opened.roomId, created: false });
      // The opener owns it; a direct room has no name and no message yet.
      expect(await store.rooms.find(opened.roomId)).toEqual({
        id: opened.roomId,
        kind: 'direct',
        name: null,
        ownerId: bob.id,
        lastSeq: 0,
      });
      expect(await store.rooms.memberIds(opened.roomId)).toEqual([ada.id, bob.id]);
    });

    it('creates one room when two calls for a new pair race, and tells exactly one of them it created it', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const [first, second] = await Promise.all([
        attempt(() => store.rooms.openDirect(ada.id, bob.id, 10)),
        attempt(() => store.rooms.openDirect(bob.id, ada.id, 10)),
      ]);
      expect(first.roomId).toBe(second.roomId);
      expect([first.created, second.created].filter(Boolean)).toHaveLength(1);
      expect(await store.rooms.roomIdsOf(ada.id)).toEqual([first.roomId]);
    });

    it('gives each pair a room of its own', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const cy = await addUser(store, 'cy');
      const adaBob = await store.rooms.openDirect(ada.id, bob.id, 10);
      const adaCy = await store.rooms.openDirect(ada.id, cy.id, 10);
      const bobCy = await store.rooms.openDirect(cy.id, bob.id, 10);
      expect(new Set([adaBob.roomId, adaCy.roomId, bobCy.roomId]).size).toBe(3);
      expect([adaBob.created, adaCy.created, bobCy.created]).toEqual([true, true, true]);
    });
  });

  describe('rooms: groups and members', () => {
    it('creates a group with its owner and members, each counted once', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const cy = await addUser(store, 'cy');
      const roomId = await store.rooms.createGroup(ada.id, 'Team', [cy.id, ada.id, bob.id, cy.id], 10);
      expect(await store.rooms.find(roomId)).toEqual({ id: roomId, kind: 'group', name: 'Team', ownerId: ada.id, lastSeq: 0 });
      // Joined at the same moment: ordered by id.
      expect(await store.rooms.memberIds(roomId)).toEqual([ada.id, bob.id, cy.id]);
      const alone = await store.rooms.createGroup(bob.id, 'Just me', [], 10);
      expect(await store.rooms.memberIds(alone)).toEqual([bob.id]);
      expect(alone).not.toBe(roomId);
    });

    it('lists members longest-standing first, whatever their ids', async () => {
      const store = await openStore(makeStore);
      const early = await addUser(store, 'early');
      const owner = await addUser(store, 'owner');
      const late = await addUser(store, 'late');
      const roomId = await store.rooms.createGroup(owner.id, 'Team', [late.id], 10);
      await store.rooms.addMembers(roomId, [early.id], 20);
      expect(await store.rooms.memberIds(roomId)).toEqual([owner.id, late.id, early.id]);
    });

    it('adds only those who are not members yet, and returns just them', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const cy = await addUser(store, 'cy');
      const dee = await addUser(store, 'dee');
      const roomId = await store.rooms.createGroup(ada.id, 'Team', [bob.id], 10);
      expect(await store.rooms.addMembers(roomId, [bob.id, cy.id, dee.id, cy.id], 20)).toEqual([cy.id, dee.id]);
      expect(await store.rooms.addMembers(roomId, [cy.id, ada.id], 30)).toEqual([]);
      expect(await store.rooms.memberIds(roomId)).toEqual([ada.id, bob.id, cy.id, dee.id]);
    });

    it('removes a member, answering false for someone who was not one', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const cy = await addUser(store, 'cy');
      const roomId = await store.rooms.createGroup(ada.id, 'Team', [bob.id], 10);
      expect(await store.rooms.removeMember(roomId, bob.id)).toBe(true);
      expect(await store.rooms.removeMember(roomId, bob.id)).toBe(false);
      expect(await store.rooms.removeMember(roomId, cy.id)).toBe(false);
      expect(await store.rooms.memberIds(roomId)).toEqual([ada.id]);
      expect(await store.rooms.roomIdsOf(bob.id)).toEqual([]);
    });

    it('renames a room and hands it to a new owner', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const roomId = await store.rooms.createGroup(ada.id, 'Team', [bob.id], 10);
      await store.rooms.rename(roomId, 'Crew', 20);
      await store.rooms.setOwner(roomId, bob.id);
      expect(await store.rooms.find(roomId)).toEqual({ id: roomId, kind: 'group', name: 'Crew', ownerId: bob.id, lastSeq: 0 });
    });

    it('reads the last seq of many rooms at once, leaving out rooms that do not exist', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const [first, quiet, last] = [
        await store.rooms.createGroup(ada.id, 'First', [], 10),
        await store.rooms.createGroup(ada.id, 'Quiet', [], 10),
        await store.rooms.createGroup(ada.id, 'Last', [], 10),
      ];
      await store.messages.append([queued(first, ada.id, 'one'), queued(first, ada.id, 'two'), queued(last, ada.id, 'three')]);
      // More ids than one statement takes (most of them no room), so the last room is read in a later chunk.
      const missing = Array.from({ length: 600 }, (_, n) => 1_000_000 + n);
      const seqs = await store.rooms.lastSeqs([first, quiet, ...missing, last, first]);
      expect([...seqs].sort(([a], [b]) => a - b)).toEqual([[first, 2], [quiet, 0], [last, 1]].sort(([a = 0], [b = 0]) => a - b));
      expect(await store.rooms.lastSeqs([])).toEqual(new Map());
    });

    it('finds nothing for a room that does not exist', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const roomId = await store.rooms.createGroup(ada.id, 'Team', [], 10);
      expect(await store.rooms.find(roomId + 1)).toBeUndefined();
      expect(await store.rooms.memberIds(roomId + 1)).toEqual([]);
    });
  });

  describe('rooms: a user\'s rooms and contacts', () => {
    it('lists the rooms a user is a member of, and only those', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const cy = await addUser(store, 'cy');
      const direct = await store.rooms.openDirect(ada.id, bob.id, 10);
      const group = await store.rooms.createGroup(cy.id, 'Team', [ada.id], 10);
      const other = await store.rooms.createGroup(bob.id, 'Other', [cy.id], 10);
      expect(sorted(await store.rooms.roomIdsOf(ada.id))).toEqual(sorted([direct.roomId, group]));
      expect(sorted(await store.rooms.roomIdsOf(cy.id))).toEqual(sorted([group, other]));
      expect(await store.rooms.roomIdsOf((await addUser(store, 'dee')).id)).toEqual([]);
    });

    it('lists everyone who shares a room with the user, once each, never the user', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const cy = await addUser(store, 'cy');
      const dee = await addUser(store, 'dee');
      await store.rooms.openDirect(ada.id, bob.id, 10);
      const group = await store.rooms.createGroup(ada.id, 'Team', [bob.id, cy.id], 10);
      await store.rooms.createGroup(dee.id, 'Elsewhere', [bob.id], 10);
      expect(sorted(await store.rooms.contactIdsOf(ada.id))).toEqual([bob.id, cy.id]);
      expect(sorted(await store.rooms.contactIdsOf(bob.id))).toEqual([ada.id, cy.id, dee.id]);
      await store.rooms.removeMember(group, cy.id);
      expect(await store.rooms.contactIdsOf(cy.id)).toEqual([]);
      expect(sorted(await store.rooms.contactIdsOf(ada.id))).toEqual([bob.id]);
    });
  });
}
