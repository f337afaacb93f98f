// The server API's users: created or updated by the host site's id for them, the same user its JWTs sign in, with
// the protocol's profile rules, and found again by that id.

import { ROUTES } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { apiError } from '../support/http.js';
import { useTestServer } from '../support/test-server.js';
import { apiKey, call, HOST_FLAGS, hostUser, ok } from './support.js';

describe('server API: users', () => {
  const env = useTestServer(HOST_FLAGS);

  it('creates a user with a profile, answers created, and the JWT with that sub signs the same user in', async () => {
    const key = await apiKey(env.server);
    const body = { displayName: ' Ada   Lovelace ', avatarUrl: 'https://shop.test/ada.png', email: 'Ada@Shop.test', data: { plan: 'pro' } };
    const { user, created } = await ok(call(env.server, ROUTES.serverUpsertUser, key, { params: { externalId: 'u-ada' }, body }), ROUTES.serverUpsertUser);
    expect(created).toBe(true);
    expect(user).toMatchObject({
      externalId: 'u-ada',
      username: 'ada.lovelace',
      displayName: 'Ada Lovelace',
      avatarUrl: 'https://shop.test/ada.png',
      email: 'ada@shop.test',
      data: { plan: 'pro' },
      bannedAt: null,
    });
    const signedIn = await hostUser(env.server, 'u-ada', 'Ada Lovelace');
    expect(signedIn.user).toMatchObject({ id: user.id, data: { plan: 'pro' } });
    const found = await ok(call(env.server, ROUTES.serverGetUser, key, { params: { externalId: 'u-ada' } }), ROUTES.serverGetUser);
    expect(found.user.id).toBe(user.id);
  });

  it('updates a user a JWT created, replacing the whole profile: what is left out is cleared', async () => {
    const key = await apiKey(env.server);
    const first = await hostUser(env.server, 'u-grace', 'Grace Hopper');
    const params = { externalId: 'u-grace' };
    await ok(call(env.server, ROUTES.serverUpsertUser, key, { params, body: { displayName: 'Grace', data: { team: 'navy' } } }), ROUTES.serverUpsertUser);
    const { user, created } = await ok(call(env.server, ROUTES.serverUpsertUser, key, { params, body: { avatarUrl: 'https://shop.test/g.png' } }), ROUTES.serverUpsertUser);
    expect(created).toBe(false);
    expect(user).toMatchObject({ id: first.user.id, username: first.user.username, displayName: null, avatarUrl: 'https://shop.test/g.png', data: {} });
    const me = await env.server.http(ROUTES.me.path, { token: first.token });
    expect(me.body).toMatchObject({ user: { avatarUrl: 'https://shop.test/g.png', displayName: null } });
  });

  it('tells the user\'s contacts of a changed profile with user.updated, and of an unchanged one nothing', async () => {
    const key = await apiKey(env.server);
    const ada = await hostUser(env.server, 'u-live-ada', 'Ada Live');
    const bob = await hostUser(env.server, 'u-live-bob', 'Bob Live');
    await ok(call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'direct', members: ['u-live-ada', 'u-live-bob'] } }), ROUTES.serverCreateRoom);
    const bobSocket = await env.server.signIn(bob);
    const body = { displayName: 'Ada of the Shop', data: { tier: 'gold' } };
    await ok(call(env.server, ROUTES.serverUpsertUser, key, { params: { externalId: 'u-live-ada' }, body }), ROUTES.serverUpsertUser);
    expect(await bobSocket.event('user.updated')).toMatchObject({ user: { id: ada.user.id, displayName: 'Ada of the Shop', data: { tier: 'gold' } } });
    await ok(call(env.server, ROUTES.serverUpsertUser, key, { params: { externalId: 'u-live-ada' }, body }), ROUTES.serverUpsertUser);
    await bobSocket.sync();
    expect(bobSocket.unconsumed('user.updated')).toEqual([]);
  });

  it.each([
    [{ displayName: '   ' }, 'displayName'],
    [{ avatarUrl: 'http://shop.test/plain.png' }, 'avatarUrl'],
    [{ avatarUrl: 'javascript:alert(1)' }, 'avatarUrl'],
    [{ email: 'not an e-mail' }, 'email'],
    [{ data: ['a list'] }, 'data'],
    [{ data: { big: 'x'.repeat(3000) } }, 'data'],
  ])('refuses %j with validation_failed naming %s, creating nobody', async (body, field) => {
    const key = await apiKey(env.server);
    const refused = await call(env.server, ROUTES.serverUpsertUser, key, { params: { externalId: 'u-refused' }, body });
    expect(refused.status, refused.text).toBe(400);
    expect(apiError(refused)).toMatchObject({ code: 'validation_failed', field });
    expect((await call(env.server, ROUTES.serverGetUser, key, { params: { externalId: 'u-refused' } })).status).toBe(404);
  });

  it('tells administrators\' sockets of a user it created, as of a registration', async () => {
    const key = await apiKey(env.server);
    const root = await env.server.register('users.root');
    await env.server.running.store.users.setAdmin(root.email, true);
    const admin = await env.server.signIn(root);
    const { user } = await ok(call(env.server, ROUTES.serverUpsertUser, key, { params: { externalId: 'u-new' }, body: {} }), ROUTES.serverUpsertUser);
    const event = await admin.event('user.registered');
    expect(event.user.id).toBe(user.id);
  });
});
