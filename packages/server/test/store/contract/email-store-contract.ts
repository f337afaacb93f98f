// The EmailStore contract: single-use links, missed-message candidates and coverage, and the mail outbox.

import { describe, expect, it } from 'vitest';
import type { NewMail } from '../../../src/store/contract/store.js';
import { addUser, openStore, queued, send, type StoreFactory } from './fixtures.js';

function mail(userId: number, to: string, kind: NewMail['kind'] = 'verify'): NewMail {
  return { kind, userId, to, subject: `${kind} mail`, text: 'text', html: '<p>html</p>', headers: { 'x-kind': kind } };
}

export function describeEmailStoreContract(makeStore: StoreFactory): void {
  describe('e-mail', () => {
    it('verifies an address once with its live link, queueing the link mail with it', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const link = { tokenHash: 'h1', userId: ada.id, purpose: 'verify' as const, email: ada.email, createdAt: 10, expiresAt: 100 };
      await store.email.issueLink(link, mail(ada.id, ada.email), 10);
      expect(await store.email.pendingCount()).toBe(1);
      const [due] = await store.email.due(10, 10, new Set());
      expect(due).toMatchObject({ kind: 'verify', userId: ada.id, to: ada.email, headers: { 'x-kind': 'verify' }, attempts: 0 });
      expect(await store.email.verify('h1', 50)).toEqual({ userId: ada.id, email: ada.email });
      expect(await store.email.verify('h1', 51)).toBeUndefined();
      expect((await store.users.findById(ada.id))?.emailVerifiedAt).toBe(50);
      await store.email.sent(due?.id ?? 0, 60);
      expect(await store.email.pendingCount()).toBe(0);
      expect(await store.email.prune(61)).toBe(1);
    });

    it('resets a password with a reset link, revoking every token; an expired link does nothing', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      await store.tokens.create('t1', { userId: ada.id, createdAt: 1, expiresAt: 1_000 });
      await store.email.issueLink({ tokenHash: 'old', userId: ada.id, purpose: 'reset', email: ada.email, createdAt: 1, expiresAt: 5 }, mail(ada.id, ada.email, 'reset'), 1);
      expect(await store.email.resetPassword('old', 'new-hash', 10)).toBeUndefined();
      await store.email.issueLink({ tokenHash: 'r', userId: ada.id, purpose: 'reset', email: ada.email, createdAt: 10, expiresAt: 100 }, mail(ada.id, ada.email, 'reset'), 10);
      expect(await store.email.resetPassword('r', 'new-hash', 20)).toEqual({ userId: ada.id, revoked: ['t1'] });
      expect((await store.users.findById(ada.id))?.passwordHash).toBe('new-hash');
    });

    it('counts the unread messages of a digest that mention the member, within its range only', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const roomId = await store.rooms.createGroup(ada.id, 'Team', [bob.id], 10);
      await send(store, [
        { ...queued(roomId, ada.id, 'a', 20), text: '@bob first' },
        queued(roomId, ada.id, 'b', 30),
        { ...queued(roomId, ada.id, 'c', 40), text: 'and @BOB again' },
      ]);
      const [all] = await store.email.digestRooms(bob.id, [{ roomId, fromSeq: 0, toSeq: 3 }], 10);
      expect(all).toMatchObject({ unread: 3, mentioned: 2 });
      const [later] = await store.email.digestRooms(bob.id, [{ roomId, fromSeq: 1, toSeq: 2 }], 10);
      expect(later).toMatchObject({ unread: 1, mentioned: 0 });
      // A room the member muted: its mentions of them alone.
      const [muted] = await store.email.digestRooms(bob.id, [{ roomId, fromSeq: 0, toSeq: 3, mentionsOnly: true }], 10);
      expect(muted).toMatchObject({ unread: 2, mentioned: 2 });
      expect(muted?.messages.map((m) => m.text)).toEqual(['@bob first', 'and @BOB again']);
      // A deleted message mentions no one any more.
      await store.messages.delete(roomId, 3, 50);
      expect((await store.email.digestRooms(bob.id, [{ roomId, fromSeq: 0, toSeq: 3 }], 10))[0]).toMatchObject({ unread: 2, mentioned: 1 });
      // A notice from the system is not told of in a digest, so neither is its mention.
      await send(store, [{ roomId, senderId: null, clientMsgId: 'notice', text: '@bob, the build is green', createdAt: 60 }]);
      expect((await store.email.digestRooms(bob.id, [{ roomId, fromSeq: 0, toSeq: 4 }], 10))[0]).toMatchObject({ unread: 2, mentioned: 1 });
    });

    it('offers a verified member their unread rooms once, and not again once a digest covered them', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      await store.email.issueLink({ tokenHash: 'v', userId: bob.id, purpose: 'verify', email: bob.email, createdAt: 1, expiresAt: 100 }, mail(bob.id, bob.email), 1);
      await store.email.verify('v', 2);
      const { roomId } = await store.rooms.openDirect(ada.id, bob.id, 10);
      await send(store, [queued(roomId, ada.id, 'a', 20), queued(roomId, ada.id, 'b', 30)]);
      const candidates = await store.email.digestCandidates(25, false, 100);
      expect(candidates).toEqual([{ userId: bob.id, roomId, address: bob.email, oldestAt: 20, lastSeq: 2, fromSeq: 0 }]);
      expect(await store.email.digestCandidates(15, false, 100)).toEqual([]);
      const [room] = await store.email.digestRooms(bob.id, [{ roomId, fromSeq: 0, toSeq: 2 }], 1);
      expect(room).toMatchObject({ roomId, title: 'ada', unread: 2, mentioned: 0, messages: [{ seq: 2, sender: 'ada', text: 'text of b', createdAt: 30 }] });
      await store.email.recordDigest(bob.id, [{ roomId, seq: 2 }], mail(bob.id, bob.email, 'digest'), 40);
      expect(await store.email.digestCandidates(100, false, 100)).toEqual([]);
      expect(await store.email.pendingCount()).toBe(2);
      await store.email.setNotifications(bob.id, false);
      await send(store, [queued(roomId, ada.id, 'c', 50)]);
      expect(await store.email.digestCandidates(100, false, 100)).toEqual([]);
      // On again: what came while off stays untold; what comes after is offered (from the seq it was turned on at).
      expect(await store.email.setNotifications(bob.id, true)).toBe(true);
      expect(await store.email.setNotifications(bob.id, true)).toBe(true);
      expect(await store.email.digestCandidates(100, false, 100)).toEqual([]);
      await send(store, [queued(roomId, ada.id, 'd', 60)]);
      expect(await store.email.digestCandidates(100, false, 100)).toEqual([{ userId: bob.id, roomId, address: bob.email, oldestAt: 60, lastSeq: 4, fromSeq: 3 }]);
      expect(await store.email.setNotifications(9999, true)).toBe(false);
    });

    it('retries a failed e-mail when told, and gives up on it for good', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      await store.email.issueLink({ tokenHash: 'h', userId: ada.id, purpose: 'verify', email: ada.email, createdAt: 1, expiresAt: 100 }, mail(ada.id, ada.email), 1);
      const [first] = await store.email.due(1, 10, new Set());
      await store.email.attemptFailed(first?.id ?? 0, 'refused', 2, 50);
      expect(await store.email.due(10, 10, new Set())).toEqual([]);
      expect(await store.email.due(50, 10, new Set())).toMatchObject([{ id: first?.id, attempts: 1 }]);
      expect(await store.email.due(50, 10, new Set([first?.id ?? 0]))).toEqual([]);
      await store.email.attemptFailed(first?.id ?? 0, 'refused again', 60, undefined);
      expect(await store.email.pendingCount()).toBe(0);
    });
  });
}
