// The Store's own contract: it answers pings, migrating again is harmless, and its entities share one database.

import { describe, expect, it } from 'vitest';
import { addUser, openStore, queued, send, type StoreFactory } from './fixtures.js';

export function describeLifecycleContract(makeStore: StoreFactory): void {
  describe('the store as a whole', () => {
    it('answers a ping', async () => {
      const store = await openStore(makeStore);
      expect(await store.ping()).toBe(true);
    });

    it('keeps its data when migrations are applied again', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      await store.migrate();
      expect(await store.users.findById(ada.id)).toEqual(ada);
    });

    it('shows each write to every entity at once: a message moves its room, its preview and its stats', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const { roomId } = await store.rooms.openDirect(ada.id, bob.id, 10);
      const [message] = await send(store, [queued(roomId, ada.id, 'm', 70)]);
      expect((await store.rooms.find(roomId))?.lastSeq).toBe(1);
      expect(await store.chats.view(roomId, bob.id)).toMatchObject({ lastMessage: message, lastActivityAt: 70, unread: 1 });
      expect(await store.stats.firstAt('messages')).toBe(70);
    });
  });
}
