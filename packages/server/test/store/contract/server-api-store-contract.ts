// The server API's part of the Store contract: API keys, bans with the end of every session, system messages.

import { describe, expect, it } from 'vitest';
import { addUser, expectIChatError, openStore, queued, type StoreFactory } from './fixtures.js';

export function describeServerApiStoreContract(makeStore: StoreFactory): void {
  describe('API keys', () => {
    it('finds a key by its hash, lists keys oldest first without their hashes, and revokes one by name', async () => {
      const store = await openStore(makeStore);
      await store.apiKeys.create('billing', 'hash-b', 20);
      await store.apiKeys.create('crm', 'hash-c', 10);
      expect(await store.apiKeys.findByHash('hash-b')).toEqual({ name: 'billing', createdAt: 20, lastUsedAt: null });
      expect(await store.apiKeys.list()).toEqual([
        { name: 'crm', createdAt: 10, lastUsedAt: null },
        { name: 'billing', createdAt: 20, lastUsedAt: null },
      ]);
      expect(await store.apiKeys.revoke('billing')).toBe(true);
      expect(await store.apiKeys.revoke('billing')).toBe(false);
      expect(await store.apiKeys.findByHash('hash-b')).toBeUndefined();
    });

    it('refuses a second key with a taken name', async () => {
      const store = await openStore(makeStore);
      await store.apiKeys.create('crm', 'hash-1', 10);
      await expectIChatError(() => store.apiKeys.create('crm', 'hash-2', 11), 'validation_failed', 'name');
    });

    it('records a use at most once a minute', async () => {
      const store = await openStore(makeStore);
      await store.apiKeys.create('crm', 'hash-1', 10);
      await store.apiKeys.touch('crm', 100_000);
      await store.apiKeys.touch('crm', 130_000);
      expect((await store.apiKeys.findByHash('hash-1'))?.lastUsedAt).toBe(100_000);
      await store.apiKeys.touch('crm', 160_000);
      expect((await store.apiKeys.findByHash('hash-1'))?.lastUsedAt).toBe(160_000);
    });
  });

  describe('bans', () => {
    it('bans and unbans a user, and deleting all their tokens leaves others\' alone', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      expect((await store.users.setBanned(ada.id, 500))?.bannedAt).toBe(500);
      expect((await store.users.findById(ada.id))?.bannedAt).toBe(500);
      expect((await store.users.setBanned(ada.id, null))?.bannedAt).toBeNull();
      expect(await store.users.setBanned(9_999, 1)).toBeUndefined();
      await store.tokens.create('ada-1', { userId: ada.id, createdAt: 1, expiresAt: 1_000 });
      await store.tokens.create('ada-2', { userId: ada.id, createdAt: 1, expiresAt: 1_000 });
      await store.tokens.create('bob-1', { userId: bob.id, createdAt: 1, expiresAt: 1_000 });
      expect((await store.tokens.deleteAllOf(ada.id)).sort()).toEqual(['ada-1', 'ada-2']);
      expect(await store.tokens.find('ada-1')).toBeUndefined();
      expect(await store.tokens.find('bob-1')).toBeDefined();
    });
  });

  describe('system messages', () => {
    it('stores a message without a sender in the room\'s seq, idempotent per room and clientMsgId', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const { roomId } = await store.rooms.openDirect(ada.id, bob.id, 1);
      const other = (await store.rooms.openDirect(ada.id, (await addUser(store, 'cy')).id, 1)).roomId;
      const [first, second] = await store.messages.append([
        queued(roomId, ada.id, 'same'),
        { roomId, senderId: null, clientMsgId: 'same', text: 'Ada joined', createdAt: 3_000 },
      ]);
      expect(first?.message).toMatchObject({ kind: 'user', senderId: ada.id, seq: 1 });
      expect(second).toMatchObject({ duplicate: false, message: { kind: 'system', senderId: null, seq: 2, text: 'Ada joined' } });
      const [again, elsewhere] = await store.messages.append([
        { roomId, senderId: null, clientMsgId: 'same', text: 'changed', createdAt: 4_000 },
        { roomId: other, senderId: null, clientMsgId: 'same', text: 'Elsewhere', createdAt: 4_000 },
      ]);
      expect(again).toEqual({ duplicate: true, message: second?.message });
      expect(elsewhere).toMatchObject({ duplicate: false, message: { roomId: other, seq: 1 } });
    });

    it('counts system messages as unread for every member', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      const { roomId } = await store.rooms.openDirect(ada.id, bob.id, 1);
      await store.messages.append([{ roomId, senderId: null, clientMsgId: 's1', text: 'Welcome', createdAt: 2_000 }]);
      expect((await store.chats.view(roomId, ada.id))?.unread).toBe(1);
      expect((await store.messages.markRead(roomId, bob.id, 0)).unread).toBe(1);
    });
  });
}
