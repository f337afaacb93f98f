// The replies and reactions part of the MessageStore contract: quotes read as the original is now, one reaction of
// each per user, summaries bounded for big groups, and every change on the change feed.

import { REACTION_USERS_SHOWN } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { addUser, expectIChatError, openStore, queued, send, sendMany, type StoreFactory } from './fixtures.js';

export function describeReplyReactionContract(makeStore: StoreFactory): void {
  describe('replies', () => {
    it('quotes the original as it is now: its edit, then its deletion, in every read', async () => {
      const store = await openStore(makeStore);
      const ada = (await addUser(store, 'ada')).id;
      const bob = (await addUser(store, 'bob')).id;
      const room = await store.rooms.createGroup(ada, 'Team', [bob], 10);
      await sendMany(store, room, ada, 1);
      const long = 'é'.repeat(150);
      await store.messages.edit(room, 1, long, 3_000);
      const [reply] = await send(store, [{ ...queued(room, bob, 'r-1'), replyToSeq: 1 }]);
      expect(reply?.replyTo).toEqual({ seq: 1, id: expect.any(Number), senderId: ada, excerpt: 'é'.repeat(100), deleted: false });
      await store.messages.edit(room, 1, 'shorter now', 4_000);
      expect((await store.messages.find(room, 2))?.replyTo?.excerpt).toBe('shorter now');
      await store.messages.delete(room, 1, 5_000);
      const page = await store.messages.history(room, { limit: 10 });
      expect(page.messages[1]?.replyTo).toMatchObject({ seq: 1, excerpt: '', deleted: true });
      expect(page.messages[0]?.replyTo).toBeUndefined();
    });

    it('refuses a reply to a message that is not in the room or was deleted, and keeps the reply on a resend', async () => {
      const store = await openStore(makeStore);
      const ada = (await addUser(store, 'ada')).id;
      const bob = (await addUser(store, 'bob')).id;
      const room = await store.rooms.createGroup(ada, 'Team', [bob], 10);
      const other = await store.rooms.createGroup(ada, 'Other', [bob], 10);
      await sendMany(store, room, ada, 2);
      await sendMany(store, other, ada, 3, 'o');
      await expectIChatError(() => store.messages.append([{ ...queued(room, bob, 'r-x'), replyToSeq: 3 }]), 'validation_failed', 'replyTo');
      await store.messages.delete(room, 2, 3_000);
      await expectIChatError(() => store.messages.append([{ ...queued(room, bob, 'r-y'), replyToSeq: 2 }]), 'validation_failed', 'replyTo');
      expect((await store.messages.history(room, { limit: 10 })).messages).toHaveLength(2);
      const [first] = await store.messages.append([{ ...queued(room, bob, 'r-z'), replyToSeq: 1 }]);
      // The resend names no reply: the stored message answers, with its reply.
      const [again] = await store.messages.append([queued(room, bob, 'r-z')]);
      expect(again?.duplicate).toBe(true);
      expect(again?.message.replyTo).toEqual(first?.message.replyTo);
    });
  });

  describe('reactions', () => {
    it('keeps one of each per user, counts them by emoji in the order first used, and takes them back', async () => {
      const store = await openStore(makeStore);
      const ada = (await addUser(store, 'ada')).id;
      const bob = (await addUser(store, 'bob')).id;
      const room = await store.rooms.createGroup(ada, 'Team', [bob], 10);
      await sendMany(store, room, ada, 1);
      let now = 5_000;
      const react = (userId: number, emoji: string, added = true) =>
        store.messages.react({ roomId: room, seq: 1, userId, emoji, added, now: (now += 1) });
      expect((await react(ada, '👍')).changed).toBe(true);
      expect((await react(ada, '👍')).changed).toBe(false);
      await react(bob, '❤️');
      const both = await react(bob, '👍');
      expect(both.message.reactions).toEqual([
        { emoji: '👍', count: 2, userIds: [ada, bob] },
        { emoji: '❤️', count: 1, userIds: [bob] },
      ]);
      expect(await store.messages.reactionsOf(bob, [both.message.id])).toEqual(new Map([[both.message.id, ['❤️', '👍']]]));
      expect((await react(ada, '❤️', false)).changed).toBe(false);
      const fewer = await react(bob, '❤️', false);
      expect(fewer.changed).toBe(true);
      expect(fewer.message.reactions).toEqual([{ emoji: '👍', count: 2, userIds: [ada, bob] }]);
      expect((await store.messages.find(room, 1))?.reactions).toEqual(fewer.message.reactions);
    });

    it('advances the change seq for each change only, so the change feed replays reactions', async () => {
      const store = await openStore(makeStore);
      const ada = (await addUser(store, 'ada')).id;
      const room = await store.rooms.createGroup(ada, 'Team', [], 10);
      await sendMany(store, room, ada, 2);
      const first = await store.messages.react({ roomId: room, seq: 1, userId: ada, emoji: '👍', added: true, now: 5_000 });
      expect(first.message.changeSeq).toBe(1);
      await store.messages.react({ roomId: room, seq: 1, userId: ada, emoji: '👍', added: true, now: 5_001 });
      const second = await store.messages.react({ roomId: room, seq: 2, userId: ada, emoji: '😂', added: true, now: 5_002 });
      expect(second.message.changeSeq).toBe(2);
      const changes = await store.messages.changes(room, 0, 10);
      expect(changes.messages.map((message) => [message.seq, message.changeSeq, message.reactions?.[0]?.emoji])).toEqual([
        [1, 1, '👍'],
        [2, 2, '😂'],
      ]);
    });

    it('refuses reactions on a deleted or missing message and hides a tombstone\'s', async () => {
      const store = await openStore(makeStore);
      const ada = (await addUser(store, 'ada')).id;
      const room = await store.rooms.createGroup(ada, 'Team', [], 10);
      await sendMany(store, room, ada, 1);
      await store.messages.react({ roomId: room, seq: 1, userId: ada, emoji: '👍', added: true, now: 5_000 });
      await store.messages.delete(room, 1, 6_000);
      await expectIChatError(() => store.messages.react({ roomId: room, seq: 1, userId: ada, emoji: '😂', added: true, now: 7_000 }), 'not_found', 'seq');
      await expectIChatError(() => store.messages.react({ roomId: room, seq: 9, userId: ada, emoji: '😂', added: true, now: 7_000 }), 'not_found', 'seq');
      expect((await store.messages.find(room, 1))?.reactions).toBeUndefined();
    });

    it('lists at most the first ten users in a summary, and everyone on request', async () => {
      const store = await openStore(makeStore);
      const users = [];
      for (let i = 0; i < REACTION_USERS_SHOWN + 3; i += 1) users.push((await addUser(store, `user${i}`)).id);
      const [owner = 0, ...rest] = users;
      const room = await store.rooms.createGroup(owner, 'Big', rest, 10);
      await sendMany(store, room, owner, 1);
      for (const [i, userId] of users.entries()) {
        await store.messages.react({ roomId: room, seq: 1, userId, emoji: '🙏', added: true, now: 5_000 + i });
      }
      const [summary] = (await store.messages.find(room, 1))?.reactions ?? [];
      expect(summary).toEqual({ emoji: '🙏', count: users.length, userIds: users.slice(0, REACTION_USERS_SHOWN) });
      expect(await store.messages.reactors(room, 1, '🙏', 100)).toEqual({ userIds: users, count: users.length });
      expect(await store.messages.reactors(room, 1, '🙏', 2)).toEqual({ userIds: users.slice(0, 2), count: users.length });
      expect(await store.messages.reactors(room, 1, '😮', 100)).toEqual({ userIds: [], count: 0 });
      await expectIChatError(() => store.messages.reactors(room, 2, '🙏', 100), 'not_found', 'seq');
    });
  });
}
