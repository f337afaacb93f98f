// The ModerationStore contract: blocks, one open report per reporter and message, and the log closing reports.

import { describe, expect, it } from 'vitest';
import { addUser, openStore, queued, send, type StoreFactory } from './fixtures.js';

export function describeModerationStoreContract(makeStore: StoreFactory): void {
  describe('moderation', () => {
    it('blocks once, sees the block from either side and in their direct room, and unblocks', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const { roomId } = await store.rooms.openDirect(ada.id, bob.id, 10);
      expect(await store.moderation.block(ada.id, bob.id, 20)).toBe(true);
      expect(await store.moderation.block(ada.id, bob.id, 21)).toBe(false);
      expect(await store.moderation.blockedBy(ada.id)).toEqual([bob.id]);
      expect(await store.moderation.blockersOf(bob.id)).toEqual([ada.id]);
      expect(await store.moderation.blockBetween(bob.id, ada.id)).toBe(true);
      expect(await store.moderation.blockedInDirectRoom(roomId, bob.id)).toBe(true);
      expect(await store.moderation.directRoomOf(bob.id, ada.id)).toBe(roomId);
      expect(await store.moderation.unblock(ada.id, bob.id)).toBe(true);
      expect(await store.moderation.blockedInDirectRoom(roomId, bob.id)).toBe(false);
    });

    it('keeps one open report per reporter and message, and closes every report of a deleted message', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const cy = await addUser(store, 'cy');
      const roomId = await store.rooms.createGroup(ada.id, 'g', [bob.id, cy.id], 10);
      const [message] = await send(store, [queued(roomId, ada.id, 'bad', 20)]);
      if (message === undefined) throw new Error('no message');
      const report = { reporterId: bob.id, senderId: ada.id, roomId, seq: message.seq, reason: 'spam' as const, note: '', message, context: [message], createdAt: 30 };
      const first = await store.moderation.createReport(report);
      expect(first.created).toBe(true);
      expect(await store.moderation.createReport(report)).toEqual({ reportId: first.reportId, created: false });
      const other = await store.moderation.createReport({ ...report, reporterId: cy.id });
      expect(await store.moderation.findReport(first.reportId)).toMatchObject({ status: 'open', message, context: [message] });
      const entry = { adminId: cy.id, action: 'delete_message' as const, targetId: ada.id, roomId, seq: message.seq, reportId: first.reportId, createdAt: 40 };
      const recorded = await store.moderation.recordAction(entry);
      expect(recorded).toEqual({ ...entry, id: recorded.id });
      expect((await store.moderation.reports(10)).map((item) => [item.id, item.status, item.closedBy])).toEqual([
        [other.reportId, 'resolved', 'delete_message'],
        [first.reportId, 'resolved', 'delete_message'],
      ]);
      expect(await store.moderation.actions(10)).toEqual([recorded]);
      expect((await store.moderation.createReport(report)).created).toBe(true);
    });
  });
}
