// The read-marker contract: markers only move forward, never past the last message; unread is others' live messages,
// as of the room's last seq and change seq that come with it.

import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/contract/store.js';
import { addUser, openStore, queued, send, sendMany, type StoreFactory } from './fixtures.js';

async function pair(store: Store): Promise<{ ada: number; bob: number; roomId: number }> {
  const ada = (await addUser(store, 'ada')).id;
  const bob = (await addUser(store, 'bob')).id;
  return { ada, bob, roomId: (await store.rooms.openDirect(ada, bob, 10)).roomId };
}

export function describeReadMarkerContract(makeStore: StoreFactory): void {
  describe('read markers and unread counts', () => {
    it('moves the marker forward and counts the messages after it', async () => {
      const store = await openStore(makeStore);
      const { ada, bob, roomId } = await pair(store);
      await sendMany(store, roomId, ada, 5);
      expect(await store.messages.markRead(roomId, bob, 3)).toEqual({ readSeq: 3, unread: 2, mentioned: 0, lastSeq: 5, changeSeq: 0 });
      expect(await store.messages.markRead(roomId, bob, 4)).toEqual({ readSeq: 4, unread: 1, mentioned: 0, lastSeq: 5, changeSeq: 0 });
    });

    it('never moves the marker back', async () => {
      const store = await openStore(makeStore);
      const { ada, bob, roomId } = await pair(store);
      await sendMany(store, roomId, ada, 5);
      await store.messages.markRead(roomId, bob, 4);
      expect(await store.messages.markRead(roomId, bob, 2)).toEqual({ readSeq: 4, unread: 1, mentioned: 0, lastSeq: 5, changeSeq: 0 });
      expect(await store.messages.markRead(roomId, bob, 0)).toEqual({ readSeq: 4, unread: 1, mentioned: 0, lastSeq: 5, changeSeq: 0 });
    });

    it('never moves the marker past the last message', async () => {
      const store = await openStore(makeStore);
      const { ada, bob, roomId } = await pair(store);
      await sendMany(store, roomId, ada, 3);
      expect(await store.messages.markRead(roomId, bob, 99)).toEqual({ readSeq: 3, unread: 0, mentioned: 0, lastSeq: 3, changeSeq: 0 });
      // So the next message is unread, not already covered by a marker from the future.
      await sendMany(store, roomId, ada, 1, 'later');
      expect(await store.messages.markRead(roomId, bob, 3)).toEqual({ readSeq: 3, unread: 1, mentioned: 0, lastSeq: 4, changeSeq: 0 });
    });

    it('counts only messages from others, and not deleted ones', async () => {
      const store = await openStore(makeStore);
      const { ada, bob, roomId } = await pair(store);
      await send(store, [queued(roomId, ada, 'a1'), queued(roomId, bob, 'b1'), queued(roomId, ada, 'a2'), queued(roomId, ada, 'a3')]);
      expect(await store.messages.markRead(roomId, bob, 0)).toEqual({ readSeq: 0, unread: 3, mentioned: 0, lastSeq: 4, changeSeq: 0 });
      expect(await store.messages.markRead(roomId, ada, 0)).toEqual({ readSeq: 0, unread: 1, mentioned: 0, lastSeq: 4, changeSeq: 0 });
      await store.messages.delete(roomId, 3, 500);
      expect(await store.messages.markRead(roomId, bob, 0)).toEqual({ readSeq: 0, unread: 2, mentioned: 0, lastSeq: 4, changeSeq: 1 });
    });

    it('keeps one marker per member and per room', async () => {
      const store = await openStore(makeStore);
      const { ada, bob, roomId } = await pair(store);
      const cy = (await addUser(store, 'cy')).id;
      const group = await store.rooms.createGroup(ada, 'Team', [bob, cy], 10);
      await sendMany(store, roomId, ada, 4, 'direct');
      await sendMany(store, group, ada, 4, 'group');
      await store.messages.markRead(roomId, bob, 4);
      await store.messages.markRead(group, cy, 2);
      expect(await store.messages.markRead(group, bob, 0)).toEqual({ readSeq: 0, unread: 4, mentioned: 0, lastSeq: 4, changeSeq: 0 });
      expect(await store.messages.markRead(group, cy, 0)).toEqual({ readSeq: 2, unread: 2, mentioned: 0, lastSeq: 4, changeSeq: 0 });
      expect(await store.messages.markRead(roomId, bob, 0)).toEqual({ readSeq: 4, unread: 0, mentioned: 0, lastSeq: 4, changeSeq: 0 });
    });
  });
}
