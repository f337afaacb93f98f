// The attachments contract: uploads taken by the message that carries them, who may read them, the unsent sweep.

import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/contract/store.js';
import { addUser, expectIChatError, openStore, queued, upload, type StoreFactory } from './fixtures.js';

async function pair(store: Store): Promise<{ ada: number; bob: number; cy: number; roomId: number }> {
  const ada = (await addUser(store, 'ada')).id;
  const bob = (await addUser(store, 'bob')).id;
  const cy = (await addUser(store, 'cy')).id;
  return { ada, bob, cy, roomId: await store.rooms.createGroup(ada, 'Team', [bob], 10) };
}

export function describeAttachmentStoreContract(makeStore: StoreFactory): void {
  describe('attachments', () => {
    it('gives a message the uploads it takes, in upload order, in every read of it', async () => {
      const store = await openStore(makeStore);
      const { ada, roomId } = await pair(store);
      const first = await store.attachments.create(upload(ada, 'a1'));
      const second = await store.attachments.create(upload(ada, 'a2'));
      const [result] = await store.messages.append([{ ...queued(roomId, ada, 'm1'), attachmentIds: [first.id, second.id] }]);
      const expected = [first, second].map((record) => ({
        id: record.id,
        name: record.name,
        type: 'text/plain',
        size: 5,
        width: null,
        height: null,
        thumbnail: false,
      }));
      expect(result?.message.attachments).toEqual(expected);
      expect((await store.messages.find(roomId, 1))?.attachments).toEqual(expected);
      expect((await store.messages.history(roomId, { limit: 10 })).messages[0]?.attachments).toEqual(expected);
      expect((await store.messages.edit(roomId, 1, 'edited', 3_000)).attachments).toEqual(expected);
      // A client catching up on changes gets the edited message whole, not stripped of its files.
      expect((await store.messages.changes(roomId, 0, 10)).messages[0]?.attachments).toEqual(expected);
      expect((await store.attachments.find(first.id))?.messageId).toBe(result?.message.id);
      // A resend answers the first send, files and all, and takes nothing more.
      const [again] = await store.messages.append([{ ...queued(roomId, ada, 'm1'), attachmentIds: [first.id] }]);
      expect(again).toMatchObject({ duplicate: true, message: { attachments: expected } });
    });

    it('leaves attachments out of a message without any, and out of a tombstone', async () => {
      const store = await openStore(makeStore);
      const { ada, roomId } = await pair(store);
      const [plain] = await store.messages.append([queued(roomId, ada, 'plain')]);
      expect(plain?.message).not.toHaveProperty('attachments');
      const file = await store.attachments.create(upload(ada, 'f'));
      await store.messages.append([{ ...queued(roomId, ada, 'with'), attachmentIds: [file.id] }]);
      const tombstone = await store.messages.delete(roomId, 2, 3_000);
      expect(tombstone).not.toHaveProperty('attachments');
      expect((await store.messages.find(roomId, 2))?.attachments).toBeUndefined();
    });

    it("refuses a message with another user's upload, a taken one or an unknown id, and stores none of the batch", async () => {
      const store = await openStore(makeStore);
      const { ada, bob, roomId } = await pair(store);
      const bobs = await store.attachments.create(upload(bob, 'b'));
      const adas = await store.attachments.create(upload(ada, 'a'));
      await expectIChatError(
        () => store.messages.append([queued(roomId, ada, 'ok'), { ...queued(roomId, ada, 'theft'), attachmentIds: [bobs.id] }]),
        'validation_failed',
        'attachments',
      );
      expect((await store.messages.history(roomId, { limit: 10 })).messages).toEqual([]);
      expect((await store.attachments.find(bobs.id))?.messageId).toBeNull();
      await store.messages.append([{ ...queued(roomId, ada, 'first'), attachmentIds: [adas.id] }]);
      await expectIChatError(
        () => store.messages.append([{ ...queued(roomId, ada, 'second'), attachmentIds: [adas.id] }]),
        'validation_failed',
        'attachments',
      );
      await expectIChatError(
        () => store.messages.append([{ ...queued(roomId, ada, 'ghost'), attachmentIds: [9999] }]),
        'validation_failed',
        'attachments',
      );
    });

    it('lets the uploader read an unsent upload, members read a sent one, and nobody else', async () => {
      const store = await openStore(makeStore);
      const { ada, bob, cy, roomId } = await pair(store);
      const file = await store.attachments.create(upload(ada, 'f'));
      expect((await store.attachments.readableBy(file.id, ada))?.id).toBe(file.id);
      expect(await store.attachments.readableBy(file.id, bob)).toBeUndefined();
      await store.messages.append([{ ...queued(roomId, ada, 'm'), attachmentIds: [file.id] }]);
      expect((await store.attachments.readableBy(file.id, bob))?.id).toBe(file.id);
      expect(await store.attachments.readableBy(file.id, cy)).toBeUndefined();
      expect(await store.attachments.readableBy(9999, ada)).toBeUndefined();
      // Many at once, in one query: the readable ones only.
      const other = await store.attachments.create(upload(ada, 'g'));
      const among = async (ids: number[], userId: number) => (await store.attachments.readableAmong(ids, userId)).map((record) => record.id).sort();
      expect(await among([file.id, other.id, 9999], ada)).toEqual([file.id, other.id].sort());
      expect(await among([file.id, other.id], bob)).toEqual([file.id]);
      expect(await among([], ada)).toEqual([]);
      // A member who leaves loses access at once; so does everyone once the message is deleted.
      await store.rooms.removeMember(roomId, bob);
      expect(await store.attachments.readableBy(file.id, bob)).toBeUndefined();
      await store.messages.delete(roomId, 1, 5_000);
      expect(await store.attachments.readableBy(file.id, ada)).toBeUndefined();
    });

    it('removes unsent uploads older than the cut-off, keeps sent ones, and names only keys no upload uses', async () => {
      const store = await openStore(makeStore);
      const { ada, roomId } = await pair(store);
      const old = await store.attachments.create(upload(ada, 'old', 1_000));
      const shared = await store.attachments.create(upload(ada, 'shared', 1_000));
      const sharedAgain = await store.attachments.create(upload(ada, 'shared', 5_000));
      const sent = await store.attachments.create(upload(ada, 'sent', 1_000));
      const recent = await store.attachments.create(upload(ada, 'recent', 5_000));
      await store.messages.append([{ ...queued(roomId, ada, 'm'), attachmentIds: [sent.id] }]);

      const swept = await store.attachments.removeUnsent(2_000, 100);
      expect(swept.removed).toBe(2);
      expect(swept.unusedKeys).toEqual([old.blobKey]);
      expect(await store.attachments.find(old.id)).toBeUndefined();
      expect(await store.attachments.find(shared.id)).toBeUndefined();
      for (const kept of [sharedAgain, sent, recent]) expect(await store.attachments.find(kept.id)).toBeDefined();
      expect(await store.attachments.keyInUse(shared.blobKey)).toBe(true);
      expect(await store.attachments.keyInUse(old.blobKey)).toBe(false);
      expect(await store.attachments.removeUnsent(2_000, 100)).toEqual({ removed: 0, unusedKeys: [] });
    });

    it('sweeps at most the limit per call, oldest first', async () => {
      const store = await openStore(makeStore);
      const { ada } = await pair(store);
      const first = await store.attachments.create(upload(ada, 'x1', 100));
      const second = await store.attachments.create(upload(ada, 'x2', 200));
      expect((await store.attachments.removeUnsent(1_000, 1)).removed).toBe(1);
      expect(await store.attachments.find(first.id)).toBeUndefined();
      expect(await store.attachments.find(second.id)).toBeDefined();
    });
  });
}
