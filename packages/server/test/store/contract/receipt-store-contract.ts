// The ReceiptStore contract: sharing on by default, off on request, and only sharers' markers ever answered.

import { describe, expect, it } from 'vitest';
import { addUser, openStore, sendMany, type StoreFactory } from './fixtures.js';

export function describeReceiptStoreContract(makeStore: StoreFactory): void {
  describe('read receipts', () => {
    it('shares by default, and remembers a user turning it off and on', async () => {
      const store = await openStore(makeStore);
      const ada = (await addUser(store, 'ada')).id;
      expect(await store.receipts.sharing(ada)).toBe(true);
      await store.receipts.setSharing(ada, false);
      expect(await store.receipts.sharing(ada)).toBe(false);
      await store.receipts.setSharing(ada, true);
      expect(await store.receipts.sharing(ada)).toBe(true);
    });

    it('answers the other members\' markers, sharers only, and the sharers among the members', async () => {
      const store = await openStore(makeStore);
      const ada = (await addUser(store, 'ada')).id;
      const bob = (await addUser(store, 'bob')).id;
      const cyd = (await addUser(store, 'cyd')).id;
      const dan = (await addUser(store, 'dan')).id;
      const group = await store.rooms.createGroup(ada, 'Team', [bob, cyd], 10);
      await sendMany(store, group, ada, 3);
      await store.messages.markRead(group, bob, 2);
      await store.messages.markRead(group, cyd, 3);
      expect(await store.receipts.readers(group, ada)).toEqual([
        { userId: bob, readSeq: 2 },
        { userId: cyd, readSeq: 3 },
      ]);
      await store.receipts.setSharing(cyd, false);
      expect(await store.receipts.readers(group, ada)).toEqual([{ userId: bob, readSeq: 2 }]);
      expect(await store.receipts.readers(group, bob)).toEqual([{ userId: ada, readSeq: 0 }]);
      expect(await store.receipts.sharingMembers(group)).toEqual([ada, bob].sort((a, b) => a - b));
      // Not a member: never among the readers.
      expect((await store.receipts.readers(group, ada)).map((r) => r.userId)).not.toContain(dan);
    });
  });
}
