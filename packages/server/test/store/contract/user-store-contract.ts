// The UserStore contract: accounts, found by id, e-mail or login, unique by e-mail and by username.

import { describe, expect, it } from 'vitest';
import { addUser, attempt, expectIChatError, openStore, type StoreFactory } from './fixtures.js';

export function describeUserStoreContract(makeStore: StoreFactory): void {
  describe('users', () => {
    it('create stores the account as given, not an administrator, under a new id', async () => {
      const store = await openStore(makeStore);
      const ada = await store.users.create({
        email: 'ada@example.test',
        username: 'ada',
        passwordHash: 'argon2-hash',
        createdAt: 1_234,
      });
      const bob = await addUser(store, 'bob');
      expect(ada).toEqual({
        id: ada.id,
        email: 'ada@example.test',
        username: 'ada',
        passwordHash: 'argon2-hash',
        isAdmin: false,
        createdAt: 1_234,
      });
      expect(Number.isInteger(ada.id)).toBe(true);
      expect(bob.id).not.toBe(ada.id);
    });

    it('finds a user by id, by e-mail, and by login (e-mail when it has an @, else username)', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      await addUser(store, 'bob');
      expect(await store.users.findById(ada.id)).toEqual(ada);
      expect(await store.users.findByEmail('ada@example.test')).toEqual(ada);
      expect(await store.users.findByLogin('ada@example.test')).toEqual(ada);
      expect(await store.users.findByLogin('ada')).toEqual(ada);
    });

    it('finds nobody for an unknown id, e-mail or login', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      expect(await store.users.findById(ada.id + 1)).toBeUndefined();
      expect(await store.users.findByEmail('bob@example.test')).toBeUndefined();
      expect(await store.users.findByLogin('bob@example.test')).toBeUndefined();
      expect(await store.users.findByLogin('bob')).toBeUndefined();
      // A login without @ is a username, never compared with e-mails (nor the reverse).
      expect(await store.users.findByEmail('ada')).toBeUndefined();
    });

    it('refuses a taken e-mail with email_taken and stores nothing', async () => {
      const store = await openStore(makeStore);
      await addUser(store, 'ada');
      await expectIChatError(
        () => store.users.create({ email: 'ada@example.test', username: 'other', passwordHash: 'x', createdAt: 2 }),
        'email_taken',
        'email',
      );
      expect(await store.users.findByLogin('other')).toBeUndefined();
    });

    it('refuses a taken username with username_taken and stores nothing', async () => {
      const store = await openStore(makeStore);
      await addUser(store, 'ada');
      await expectIChatError(
        () => store.users.create({ email: 'other@example.test', username: 'ada', passwordHash: 'x', createdAt: 2 }),
        'username_taken',
        'username',
      );
      expect(await store.users.findByEmail('other@example.test')).toBeUndefined();
    });

    it('lets exactly one of two racing registrations of one e-mail succeed', async () => {
      const store = await openStore(makeStore);
      const register = (username: string) =>
        attempt(() => store.users.create({ email: 'same@example.test', username, passwordHash: 'x', createdAt: 1 }));
      const outcomes = await Promise.allSettled([register('first'), register('second')]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((outcome) => outcome.status === 'rejected');
      expect(refused?.reason).toMatchObject({ code: 'email_taken' });
    });

    it('setAdmin grants and revokes by e-mail, and answers false for an unknown e-mail', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      expect(await store.users.setAdmin('ada@example.test', true)).toBe(true);
      expect(await store.users.findById(ada.id)).toEqual({ ...ada, isAdmin: true });
      expect(await store.users.setAdmin('ada@example.test', false)).toBe(true);
      expect((await store.users.findByLogin('ada'))?.isAdmin).toBe(false);
      expect(await store.users.setAdmin('nobody@example.test', true)).toBe(false);
    });
  });
}
