// The mute contract: a member's own switch per room, shown in their chat view, kept apart from unread counts.

import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/contract/store.js';
import { addUser, openStore, sendMany, type StoreFactory } from './fixtures.js';

async function group(store: Store): Promise<{ ada: number; bob: number; cy: number; roomId: number }> {
  const ada = (await addUser(store, 'ada')).id;
  const bob = (await addUser(store, 'bob')).id;
  const cy = (await addUser(store, 'cy')).id;
  return { ada, bob, cy, roomId: await store.rooms.createGroup(ada, 'Team', [bob, cy], 10) };
}

export function describeMuteContract(makeStore: StoreFactory): void {
  describe('muted rooms', () => {
    it('starts unmuted, and mutes and unmutes for that member alone', async () => {
      const store = await openStore(makeStore);
      const { ada, bob, roomId } = await group(store);
      expect(await store.rooms.isMuted(roomId, bob)).toBe(false);
      expect(await store.rooms.setMuted(roomId, bob, true)).toBe(true);
      expect(await store.rooms.isMuted(roomId, bob)).toBe(true);
      expect(await store.rooms.isMuted(roomId, ada)).toBe(false);
      // Muting twice is still muted; unmuting brings it back.
      expect(await store.rooms.setMuted(roomId, bob, true)).toBe(true);
      expect(await store.rooms.isMuted(roomId, bob)).toBe(true);
      expect(await store.rooms.setMuted(roomId, bob, false)).toBe(true);
      expect(await store.rooms.isMuted(roomId, bob)).toBe(false);
    });

    it('refuses to mute for a non-member, who never counts as muted', async () => {
      const store = await openStore(makeStore);
      const { roomId } = await group(store);
      const outsider = (await addUser(store, 'outsider')).id;
      expect(await store.rooms.setMuted(roomId, outsider, true)).toBe(false);
      expect(await store.rooms.isMuted(roomId, outsider)).toBe(false);
      expect(await store.rooms.setMuted(9999, outsider, true)).toBe(false);
    });

    it('shows muted in the member\'s own view and list, and still counts their unread messages', async () => {
      const store = await openStore(makeStore);
      const { ada, bob, cy, roomId } = await group(store);
      await sendMany(store, roomId, ada, 3);
      await store.rooms.setMuted(roomId, bob, true);
      expect(await store.chats.view(roomId, bob)).toMatchObject({ muted: true, unread: 3 });
      expect(await store.chats.view(roomId, cy)).toMatchObject({ muted: false, unread: 3 });
      expect((await store.chats.list(bob)).find((chat) => chat.roomId === roomId)).toMatchObject({ muted: true, unread: 3 });
      const views = await store.chats.views(roomId, [bob, cy]);
      expect([views.get(bob)?.muted, views.get(cy)?.muted]).toEqual([true, false]);
    });

    it('forgets the mute when the member leaves: added again, they start unmuted', async () => {
      const store = await openStore(makeStore);
      const { bob, roomId } = await group(store);
      await store.rooms.setMuted(roomId, bob, true);
      await store.rooms.removeMember(roomId, bob);
      await store.rooms.addMembers(roomId, [bob], 20);
      expect(await store.rooms.isMuted(roomId, bob)).toBe(false);
    });
  });
}
