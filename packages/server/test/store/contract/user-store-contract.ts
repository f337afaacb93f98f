// The UserStore contract: accounts, found by id, e-mail, login or host identity, unique by e-mail and by username;
// host site users linked one to one to (issuer, subject) and never found by e-mail.

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
        displayName: null,
        data: {},
        avatarUrl: null,
        bannedAt: null,
        host: null,
        emailVerifiedAt: null,
        emailNotifications: true,
        shareReceipts: true,
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

    const shop = { issuer: 'https://shop.test', subject: 'u-1' };
    const profile = { displayName: 'Ada Lovelace', avatarUrl: 'https://shop.test/ada.png', email: 'ada@example.test' };

    it('createHostUser stores a user linked to (issuer, subject), with its profile and no password, once', async () => {
      const store = await openStore(makeStore);
      const { user: ada, created } = await store.users.createHostUser({ ...shop, ...profile, username: 'ada', createdAt: 5 });
      expect(created).toBe(true);
      expect(ada).toMatchObject({
        username: 'ada',
        passwordHash: '',
        isAdmin: false,
        createdAt: 5,
        displayName: 'Ada Lovelace',
        avatarUrl: 'https://shop.test/ada.png',
        host: { issuer: 'https://shop.test', subject: 'u-1', email: 'ada@example.test' },
      });
      // Its login e-mail is a placeholder no address can equal.
      expect(ada.email).not.toContain('@');
      expect(await store.users.findById(ada.id)).toEqual(ada);
      expect(await store.users.findByHostIdentity(shop)).toEqual(ada);
      expect(await store.users.findByLogin('ada')).toEqual(ada);
      // A second creation for the same identity stores nothing and hands back the linked user.
      const again = await store.users.createHostUser({ ...shop, ...profile, username: 'other', createdAt: 6 });
      expect(again).toEqual({ user: ada, created: false });
      expect(await store.users.findByLogin('other')).toBeUndefined();
    });

    it('tells host identities apart by issuer and by subject, compared exactly', async () => {
      const store = await openStore(makeStore);
      const { user: one } = await store.users.createHostUser({ ...shop, ...profile, username: 'one', createdAt: 1 });
      const { user: two } = await store.users.createHostUser({ ...shop, issuer: 'https://other.test', ...profile, username: 'two', createdAt: 1 });
      const { user: three } = await store.users.createHostUser({ ...shop, subject: 'U-1', ...profile, username: 'three', createdAt: 1 });
      expect(new Set([one.id, two.id, three.id]).size).toBe(3);
      expect(await store.users.findByHostIdentity({ issuer: 'https://other.test', subject: 'u-1' })).toEqual(two);
      expect(await store.users.findByHostIdentity({ issuer: '', subject: 'u-1' })).toBeUndefined();
    });

    it('never finds a host user by the e-mail of their profile, nor blocks that e-mail for a password account', async () => {
      const store = await openStore(makeStore);
      const { user: host } = await store.users.createHostUser({ ...shop, ...profile, username: 'ada.host', createdAt: 1 });
      expect(await store.users.findByEmail('ada@example.test')).toBeUndefined();
      expect(await store.users.findByLogin('ada@example.test')).toBeUndefined();
      const password = await addUser(store, 'ada');
      expect(password.id).not.toBe(host.id);
      expect(await store.users.findByEmail('ada@example.test')).toEqual(password);
      expect(await store.users.findByHostIdentity(shop)).toEqual(host);
    });

    it('createHostUser refuses a taken username with username_taken and stores nothing', async () => {
      const store = await openStore(makeStore);
      await addUser(store, 'ada');
      await expectIChatError(
        () => store.users.createHostUser({ ...shop, ...profile, username: 'ada', createdAt: 1 }),
        'username_taken',
        'username',
      );
      expect(await store.users.findByHostIdentity(shop)).toBeUndefined();
    });

    it('updateHostProfile replaces the profile of a host user only', async () => {
      const store = await openStore(makeStore);
      const { user: ada } = await store.users.createHostUser({ ...shop, ...profile, username: 'ada', createdAt: 1 });
      const changed = { displayName: null, avatarUrl: 'https://cdn.test/new.png', email: 'new@example.test' };
      const updated = await store.users.updateHostProfile(ada.id, changed);
      expect(updated).toEqual({
        ...ada,
        displayName: null,
        avatarUrl: 'https://cdn.test/new.png',
        host: { ...shop, email: 'new@example.test' },
      });
      expect(await store.users.findById(ada.id)).toEqual(updated);
      const bob = await addUser(store, 'bob');
      expect(await store.users.updateHostProfile(bob.id, changed)).toBeUndefined();
      expect(await store.users.findById(bob.id)).toEqual(bob);
    });

    it('updateProfile sets the fields given, keeps the others, clears with null, and reads data back as stored', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      expect(ada).toMatchObject({ displayName: null, avatarUrl: null, data: {} });
      const data = { team: 'Support', level: 2, tags: ['a', 'b'], manager: null };
      const first = await store.users.updateProfile(ada.id, { displayName: 'Ada L.', data });
      expect(first).toEqual({ ...ada, displayName: 'Ada L.', data });
      const second = await store.users.updateProfile(ada.id, { avatarUrl: 'https://cdn.test/ada.png', displayName: null });
      expect(second).toEqual({ ...ada, avatarUrl: 'https://cdn.test/ada.png', data });
      const cleared = await store.users.updateProfile(ada.id, { data: {} });
      expect(cleared).toEqual({ ...ada, avatarUrl: 'https://cdn.test/ada.png' });
      expect(await store.users.findById(ada.id)).toEqual(cleared);
      expect(await store.users.updateProfile(ada.id + 1000, { displayName: 'Nobody' })).toBeUndefined();
    });

    it('shows profile fields to room members in the chat list', async () => {
      const store = await openStore(makeStore);
      const ada = await addUser(store, 'ada');
      const bob = await addUser(store, 'bob');
      await store.users.updateProfile(bob.id, { displayName: 'Bob B.', avatarUrl: 'https://cdn.test/bob.png', data: { role: 'agent' } });
      const { roomId } = await store.rooms.openDirect(ada.id, bob.id, 10);
      const chat = await store.chats.view(roomId, ada.id);
      expect(chat?.peer).toEqual({ id: bob.id, username: 'bob', displayName: 'Bob B.', avatarUrl: 'https://cdn.test/bob.png', data: { role: 'agent' } });
    });
  });
}
