// The MessageStore contract: batched appends with per-room seqs and idempotent resends, edits, tombstones, history.

import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/contract/store.js';
import { addUser, expectIChatError, openStore, queued, send, sendMany, upload, type StoreFactory } from './fixtures.js';

/** Two users and their direct room, plus a group of the same two. */
async function twoRooms(store: Store): Promise<{ ada: number; bob: number; direct: number; group: number }> {
  const ada = (await addUser(store, 'ada')).id;
  const bob = (await addUser(store, 'bob')).id;
  const direct = (await store.rooms.openDirect(ada, bob, 10)).roomId;
  const group = await store.rooms.createGroup(ada, 'Team', [bob], 10);
  return { ada, bob, direct, group };
}

export function describeMessageStoreContract(makeStore: StoreFactory): void {
  describe('messages: append', () => {
    it('stores a batch in order, numbering each room from 1 with no gap, and reports each as new', async () => {
      const store = await openStore(makeStore);
      const { ada, bob, direct } = await twoRooms(store);
      const results = await store.messages.append([
        { roomId: direct, senderId: ada, clientMsgId: 'a1', text: 'hello', createdAt: 100 },
        { roomId: direct, senderId: bob, clientMsgId: 'b1', text: 'hi', createdAt: 101 },
      ]);
      expect(results).toEqual([
        {
          duplicate: false,
          message: {
            id: results[0]?.message.id,
            roomId: direct,
            seq: 1,
            kind: 'user',
            senderId: ada,
            text: 'hello',
            createdAt: 100,
            editedAt: null,
            changeSeq: 0,
            deleted: false,
            clientMsgId: 'a1',
          },
        },
        {
          duplicate: false,
          message: {
            id: results[1]?.message.id,
            roomId: direct,
            seq: 2,
            kind: 'user',
            senderId: bob,
            text: 'hi',
            createdAt: 101,
            editedAt: null,
            changeSeq: 0,
            deleted: false,
            clientMsgId: 'b1',
          },
        },
      ]);
      expect(results[0]?.message.id).not.toBe(results[1]?.message.id);
      expect(await store.messages.find(direct, 1)).toEqual(results[0]?.message);
      expect(await store.messages.find(direct, 2)).toEqual(results[1]?.message);
      expect((await store.rooms.find(direct))?.lastSeq).toBe(2);
    });

    it('numbers each room on its own, within a batch and across batches', async () => {
      const store = await openStore(makeStore);
      const { ada, bob, direct, group } = await twoRooms(store);
      const first = await send(store, [
        queued(direct, ada, 'x1'),
        queued(group, ada, 'x2'),
        queued(direct, bob, 'x3'),
        queued(group, bob, 'x4'),
        queued(direct, ada, 'x5'),
      ]);
      expect(first.map((message) => [message.roomId, message.seq])).toEqual([
        [direct, 1],
        [group, 1],
        [direct, 2],
        [group, 2],
        [direct, 3],
      ]);
      const second = await send(store, [queued(group, ada, 'y1'), queued(direct, ada, 'y2')]);
      expect(second.map((message) => [message.roomId, message.seq])).toEqual([
        [group, 3],
        [direct, 4],
      ]);
      expect((await store.rooms.find(group))?.lastSeq).toBe(3);
    });

    it('answers a resend of a (sender, clientMsgId) with the stored message, marked duplicate, and stores nothing', async () => {
      const store = await openStore(makeStore);
      const { ada, direct } = await twoRooms(store);
      const [original] = await send(store, [queued(direct, ada, 'once', 100)]);
      const resend = await store.messages.append([
        { roomId: direct, senderId: ada, clientMsgId: 'once', text: 'changed on the way', createdAt: 200 },
      ]);
      expect(resend).toEqual([{ message: original, duplicate: true }]);
      expect((await store.rooms.find(direct))?.lastSeq).toBe(1);
      // The next new message takes the next seq: the resend left no gap.
      expect((await send(store, [queued(direct, ada, 'next')]))[0]?.seq).toBe(2);
    });

    it('stores a clientMsgId sent twice in one batch once, the second answered as a duplicate of the first', async () => {
      const store = await openStore(makeStore);
      const { ada, direct } = await twoRooms(store);
      const results = await store.messages.append([
        queued(direct, ada, 'twice'),
        queued(direct, ada, 'other'),
        queued(direct, ada, 'twice'),
      ]);
      expect(results.map((result) => [result.message.seq, result.duplicate])).toEqual([
        [1, false],
        [2, false],
        [1, true],
      ]);
      expect(results[2]?.message).toEqual(results[0]?.message);
      expect((await store.messages.history(direct, { limit: 10 })).messages).toHaveLength(2);
    });

    it('keys idempotency by sender: two senders may use the same clientMsgId', async () => {
      const store = await openStore(makeStore);
      const { ada, bob, direct } = await twoRooms(store);
      const results = await store.messages.append([queued(direct, ada, 'same'), queued(direct, bob, 'same')]);
      expect(results.map((result) => [result.message.senderId, result.message.seq, result.duplicate])).toEqual([
        [ada, 1, false],
        [bob, 2, false],
      ]);
    });

    it('refuses a clientMsgId the sender used in another room with validation_failed, storing nothing of the batch', async () => {
      const store = await openStore(makeStore);
      const { ada, direct, group } = await twoRooms(store);
      await send(store, [queued(direct, ada, 'used')]);
      await expectIChatError(
        () => store.messages.append([queued(group, ada, 'fine'), queued(group, ada, 'used')]),
        'validation_failed',
        'clientMsgId',
      );
      expect((await store.rooms.find(group))?.lastSeq).toBe(0);
      expect(await store.messages.find(group, 1)).toBeUndefined();
      // The refused batch's good message can be sent again afterwards, and is new then.
      expect(await store.messages.append([queued(group, ada, 'fine')])).toMatchObject([{ duplicate: false }]);
    });

    it('refuses a message to a room that does not exist with not_found, storing nothing of the batch', async () => {
      const store = await openStore(makeStore);
      const { ada, direct, group } = await twoRooms(store);
      const missing = Math.max(direct, group) + 1;
      await expectIChatError(
        () => store.messages.append([queued(direct, ada, 'fine'), queued(missing, ada, 'lost')]),
        'not_found',
      );
      expect((await store.rooms.find(direct))?.lastSeq).toBe(0);
    });
  });

  describe('messages: edit and delete', () => {
    it('edits a message in place: new text, editedAt set, same id and seq', async () => {
      const store = await openStore(makeStore);
      const { ada, direct } = await twoRooms(store);
      const [original] = await send(store, [queued(direct, ada, 'm', 100)]);
      const edited = await store.messages.edit(direct, 1, 'fixed', 300);
      expect(edited).toEqual({ ...original, text: 'fixed', editedAt: 300, changeSeq: 1 });
      expect(await store.messages.find(direct, 1)).toEqual(edited);
    });

    it('deletes a message to a tombstone that keeps its id, seq and place in history, with its text erased', async () => {
      const store = await openStore(makeStore);
      const { ada, direct } = await twoRooms(store);
      await sendMany(store, direct, ada, 3);
      const original = await store.messages.find(direct, 2);
      const tombstone = await store.messages.delete(direct, 2, 400);
      expect(tombstone).toEqual({ ...original, text: '', deleted: true, changeSeq: 1 });
      expect(await store.messages.find(direct, 2)).toEqual(tombstone);
      const page = await store.messages.history(direct, { limit: 10 });
      expect(page.messages.map((message) => [message.seq, message.deleted])).toEqual([
        [1, false],
        [2, true],
        [3, false],
      ]);
      expect((await store.rooms.find(direct))?.lastSeq).toBe(3);
    });

    it('refuses to edit or delete a message that does not exist or was deleted, with not_found', async () => {
      const store = await openStore(makeStore);
      const { ada, direct } = await twoRooms(store);
      await sendMany(store, direct, ada, 1);
      await expectIChatError(() => store.messages.edit(direct, 2, 'nope', 300), 'not_found');
      await expectIChatError(() => store.messages.delete(direct, 2, 300), 'not_found');
      await store.messages.delete(direct, 1, 300);
      await expectIChatError(() => store.messages.edit(direct, 1, 'back from the dead', 400), 'not_found');
      await expectIChatError(() => store.messages.delete(direct, 1, 400), 'not_found');
      expect(await store.messages.find(direct, 1)).toMatchObject({ text: '', deleted: true });
    });

    it('finds nothing at a seq that was never used', async () => {
      const store = await openStore(makeStore);
      const { ada, direct, group } = await twoRooms(store);
      await sendMany(store, direct, ada, 1);
      expect(await store.messages.find(direct, 2)).toBeUndefined();
      expect(await store.messages.find(group, 1)).toBeUndefined();
    });
  });

  describe('messages: change seq', () => {
    it('advances the room\'s change seq by one for each edit and deletion, and stamps the message with it', async () => {
      const store = await openStore(makeStore);
      const { ada, direct, group } = await twoRooms(store);
      await sendMany(store, direct, ada, 3);
      await sendMany(store, group, ada, 1, 'g');
      expect((await store.messages.edit(direct, 1, 'one', 200)).changeSeq).toBe(1);
      expect((await store.messages.delete(direct, 3, 201)).changeSeq).toBe(2);
      expect((await store.messages.edit(direct, 1, 'uno', 202)).changeSeq).toBe(3);
      // Each room counts on its own.
      expect((await store.messages.edit(group, 1, 'g', 203)).changeSeq).toBe(1);
      expect((await store.chats.view(direct, ada))?.changeSeq).toBe(3);
      expect((await store.messages.find(direct, 2))?.changeSeq).toBe(0);
    });

    it('answers the changes after a change seq once per message, at its latest state, in change order', async () => {
      const store = await openStore(makeStore);
      const { ada, direct } = await twoRooms(store);
      await sendMany(store, direct, ada, 4);
      await store.messages.edit(direct, 2, 'two', 200);
      await store.messages.edit(direct, 1, 'one', 201);
      await store.messages.delete(direct, 2, 202);
      await store.messages.edit(direct, 4, 'four', 203);
      const all = await store.messages.changes(direct, 0, 10);
      expect(all.messages.map((m) => [m.seq, m.changeSeq, m.text, m.deleted])).toEqual([
        [1, 2, 'one', false],
        [2, 3, '', true],
        [4, 4, 'four', false],
      ]);
      expect(all.hasMore).toBe(false);
      const page = await store.messages.changes(direct, 2, 1);
      expect(page).toEqual({ messages: [await store.messages.find(direct, 2)], hasMore: true });
      expect(await store.messages.changes(direct, 4, 10)).toEqual({ messages: [], hasMore: false });
    });

    it('leaves the change seq alone when an edit or deletion is refused', async () => {
      const store = await openStore(makeStore);
      const { ada, direct } = await twoRooms(store);
      await sendMany(store, direct, ada, 1);
      await store.messages.delete(direct, 1, 200);
      await expectIChatError(() => store.messages.edit(direct, 1, 'again', 201), 'not_found');
      await expectIChatError(() => store.messages.delete(direct, 9, 201), 'not_found');
      expect((await store.chats.view(direct, ada))?.changeSeq).toBe(1);
    });
  });

  describe('messages: history', () => {
    const seqs = (page: { messages: { seq: number }[] }) => page.messages.map((message) => message.seq);

    it('reads the pages of many rooms at once, each as history() gives it after its cursor', async () => {
      const store = await openStore(makeStore);
      const { ada, bob, direct, group } = await twoRooms(store);
      await sendMany(store, direct, ada, 5);
      const file = await store.attachments.create(upload(bob, 'p', 1_000, { name: 'plan.pdf', type: 'application/pdf' }));
      await send(store, [{ ...queued(group, bob, 'g1'), attachmentIds: [file.id] }]);
      await send(store, [{ ...queued(group, ada, 'g2'), replyToSeq: 1 }, queued(group, bob, 'g3')]);
      await store.messages.react({ roomId: group, seq: 1, userId: ada, emoji: '👍', added: true, now: 3_000 });
      await store.messages.delete(group, 3, 3_100);
      // Rooms that do not exist, enough to need more than one statement, get empty pages.
      const missing = Array.from({ length: 250 }, (_, n) => ({ roomId: 1_000_000 + n, after: 0 }));
      const cursors = [{ roomId: direct, after: 1 }, ...missing, { roomId: group, after: 0 }, { roomId: direct, after: 4 }];
      const pages = await store.messages.historyAfter(cursors, 2);
      expect(pages.size).toBe(252);
      // The first cursor given for a room is the one read.
      expect(pages.get(direct)).toEqual(await store.messages.history(direct, { after: 1, limit: 2 }));
      expect(seqs(pages.get(direct) ?? { messages: [] })).toEqual([2, 3]);
      // Attachments, the reply's quote, reactions and the tombstone, as history gives them.
      expect(pages.get(group)).toEqual(await store.messages.history(group, { after: 0, limit: 2 }));
      expect(pages.get(group)?.hasMore).toBe(true);
      expect((await store.messages.historyAfter([{ roomId: group, after: 2 }], 2)).get(group)).toEqual(await store.messages.history(group, { after: 2, limit: 2 }));
      expect(pages.get(1_000_000)).toEqual({ messages: [], hasMore: false });
      expect(await store.messages.historyAfter([], 2)).toEqual(new Map());
    });

    it('pages backwards from the newest, each page in ascending order, telling whether older ones remain', async () => {
      const store = await openStore(makeStore);
      const { ada, direct } = await twoRooms(store);
      await sendMany(store, direct, ada, 10);
      const newest = await store.messages.history(direct, { limit: 3 });
      expect([seqs(newest), newest.hasMore]).toEqual([[8, 9, 10], true]);
      const older = await store.messages.history(direct, { before: 8, limit: 3 });
      expect([seqs(older), older.hasMore]).toEqual([[5, 6, 7], true]);
      const oldest = await store.messages.history(direct, { before: 4, limit: 3 });
      expect([seqs(oldest), oldest.hasMore]).toEqual([[1, 2, 3], false]);
      const short = await store.messages.history(direct, { before: 3, limit: 5 });
      expect([seqs(short), short.hasMore]).toEqual([[1, 2], false]);
    });

    it('pages forwards after a seq, telling whether newer ones remain', async () => {
      const store = await openStore(makeStore);
      const { ada, direct } = await twoRooms(store);
      await sendMany(store, direct, ada, 10);
      const first = await store.messages.history(direct, { after: 0, limit: 4 });
      expect([seqs(first), first.hasMore]).toEqual([[1, 2, 3, 4], true]);
      const last = await store.messages.history(direct, { after: 6, limit: 4 });
      expect([seqs(last), last.hasMore]).toEqual([[7, 8, 9, 10], false]);
      const none = await store.messages.history(direct, { after: 10, limit: 4 });
      expect([seqs(none), none.hasMore]).toEqual([[], false]);
    });

    it('answers a page that holds exactly the rest with hasMore false, and an empty room with nothing', async () => {
      const store = await openStore(makeStore);
      const { ada, direct, group } = await twoRooms(store);
      await sendMany(store, direct, ada, 5);
      expect(await store.messages.history(direct, { limit: 5 })).toMatchObject({ hasMore: false });
      expect(await store.messages.history(direct, { after: 0, limit: 5 })).toMatchObject({ hasMore: false });
      expect(await store.messages.history(group, { limit: 5 })).toEqual({ messages: [], hasMore: false });
    });

    it('holds only the room\'s own messages, as stored', async () => {
      const store = await openStore(makeStore);
      const { ada, bob, direct, group } = await twoRooms(store);
      const stored = await send(store, [queued(direct, ada, 'd1'), queued(group, bob, 'g1'), queued(direct, bob, 'd2')]);
      const page = await store.messages.history(direct, { limit: 10 });
      expect(page.messages).toEqual([stored[0], stored[2]]);
    });
  });
}
