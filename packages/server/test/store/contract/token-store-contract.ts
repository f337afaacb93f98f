// The TokenStore contract: token hashes with their owner and expiry; expiry is the caller's to judge.

import { describe, expect, it } from 'vitest';
import { addUser, openStore, type StoreFactory } from './fixtures.js';

export function describeTokenStoreContract(makeStore: StoreFactory): void {
  describe('tokens', () => {
    it('finds a stored token by its hash, with its owner and expiry', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      await store.tokens.create('hash-1', { userId: ada.id, createdAt: 10, expiresAt: 1_000 });
      expect(await store.tokens.find('hash-1')).toEqual({ userId: ada.id, expiresAt: 1_000 });
      expect(await store.tokens.find('hash-2')).toBeUndefined();
    });

    it('still finds an expired token: deciding expiry, and deleting, is the caller\'s', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      await store.tokens.create('old', { userId: ada.id, createdAt: 10, expiresAt: 11 });
      expect(await store.tokens.find('old')).toEqual({ userId: ada.id, expiresAt: 11 });
    });

    it('deletes one token and leaves the user\'s others; deleting an unknown one is not an error', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      await store.tokens.create('phone', { userId: ada.id, createdAt: 10, expiresAt: 1_000 });
      await store.tokens.create('laptop', { userId: ada.id, createdAt: 10, expiresAt: 2_000 });
      await store.tokens.delete('phone');
      await store.tokens.delete('never-issued');
      expect(await store.tokens.find('phone')).toBeUndefined();
      expect(await store.tokens.find('laptop')).toEqual({ userId: ada.id, expiresAt: 2_000 });
    });
  });
}
