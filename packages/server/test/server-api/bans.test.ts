// Bans through the server API: every socket of the user closes at once with 4003, their sessions end, and every way
// of signing in is refused with `banned` until an unban.

import { CLOSE_CODES, ROUTES } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { apiError } from '../support/http.js';
import { PASSWORD, useTestServer } from '../support/test-server.js';
import { apiKey, call, HOST_FLAGS, hostJwt, hostUser, ok } from './support.js';

describe('server API: bans', () => {
  const env = useTestServer(HOST_FLAGS);

  it('closes every socket of the user with 4003 and ends their sessions; others keep theirs', async () => {
    const key = await apiKey(env.server);
    const first = await hostUser(env.server, 'ban-1');
    const second = await hostUser(env.server, 'ban-1');
    const bystander = await hostUser(env.server, 'ban-bystander');
    const tabs = [await env.server.signIn(first), await env.server.signIn(first), await env.server.signIn(second)];
    const other = await env.server.signIn(bystander);

    const { user } = await ok(call(env.server, ROUTES.serverBanUser, key, { params: { externalId: 'ban-1' } }), ROUTES.serverBanUser);
    expect(user.bannedAt).toEqual(expect.any(Number));
    for (const tab of tabs) expect(await tab.closedWithin()).toEqual({ code: CLOSE_CODES.banned, reason: 'banned' });
    await other.sync();
    for (const token of [first.token, second.token]) {
      expect((await env.server.http(ROUTES.me.path, { token })).status).toBe(401);
      const socket = await env.server.connect();
      expect((await socket.refused('auth', { token })).code).toBe('unauthorized');
    }
    expect((await env.server.http(ROUTES.me.path, { token: bystander.token })).status).toBe(200);
  });

  it('refuses JWT sign-in, minted sessions and messages as the user with 403 banned, until unbanned', async () => {
    const key = await apiKey(env.server);
    await hostUser(env.server, 'ban-2');
    await hostUser(env.server, 'ban-2-peer');
    const { room } = await ok(call(env.server, ROUTES.serverCreateRoom, key, { body: { kind: 'direct', members: ['ban-2', 'ban-2-peer'] } }), ROUTES.serverCreateRoom);
    const params = { externalId: 'ban-2' };
    await ok(call(env.server, ROUTES.serverBanUser, key, { params }), ROUTES.serverBanUser);

    const jwt = await env.server.http(ROUTES.jwtLogin.path, { body: { token: await hostJwt('ban-2') } });
    expect(jwt.status).toBe(403);
    expect(apiError(jwt).code).toBe('banned');
    const minted = await call(env.server, ROUTES.serverCreateSession, key, { params });
    expect(minted.status).toBe(403);
    expect(apiError(minted).code).toBe('banned');
    const posted = await call(env.server, ROUTES.serverPostMessage, key, {
      params: { roomId: String(room.id) },
      body: { clientMsgId: 'b', text: 'hi', sender: 'ban-2' },
    });
    expect(apiError(posted)).toMatchObject({ code: 'banned', field: 'sender' });
    expect((await ok(call(env.server, ROUTES.serverGetUser, key, { params }), ROUTES.serverGetUser)).user.bannedAt).not.toBeNull();

    const { user } = await ok(call(env.server, ROUTES.serverUnbanUser, key, { params }), ROUTES.serverUnbanUser);
    expect(user.bannedAt).toBeNull();
    const again = await hostUser(env.server, 'ban-2');
    const socket = await env.server.signIn(again);
    await socket.sync();
    const session = await ok(call(env.server, ROUTES.serverCreateSession, key, { params }), ROUTES.serverCreateSession);
    expect(session.user.id).toBe(user.id);
    expect((await env.server.http(ROUTES.me.path, { token: session.token })).status).toBe(200);
  });

  it('refuses a banned password account\'s login with 403 banned, but only once the password is right', async () => {
    const ada = await env.server.register('ban.password');
    // The server API names host users; a password account is banned through the store the same way.
    await env.server.running.store.users.setBanned(ada.id, Date.now());
    const right = await env.server.http(ROUTES.login.path, { body: { email: ada.email, password: PASSWORD } });
    expect(right.status).toBe(403);
    expect(apiError(right).code).toBe('banned');
    const wrong = await env.server.http(ROUTES.login.path, { body: { email: ada.email, password: `${PASSWORD}x` } });
    expect(apiError(wrong).code).toBe('invalid_credentials');
    expect((await env.server.http(ROUTES.me.path, { token: ada.token })).status).toBe(401);
    await env.server.running.store.users.setBanned(ada.id, null);
    expect((await env.server.http(ROUTES.login.path, { body: { email: ada.email, password: PASSWORD } })).status).toBe(200);
  });

  it('mints a session for a user that works over HTTP and the socket, and answers 404 for an unknown user', async () => {
    const key = await apiKey(env.server);
    const known = await hostUser(env.server, 'mint-1');
    const session = await ok(call(env.server, ROUTES.serverCreateSession, key, { params: { externalId: 'mint-1' } }), ROUTES.serverCreateSession);
    expect(session.user).toEqual(known.user);
    expect(session.expiresAt).toBeGreaterThan(Date.now());
    const socket = await env.server.signIn(session);
    await socket.sync();
    const unknown = await call(env.server, ROUTES.serverCreateSession, key, { params: { externalId: 'mint-nobody' } });
    expect(unknown.status).toBe(404);
  });
});
