// PATCH /api/v1/me against a real server: the edit, its typed refusals, and the live `user.updated` event that tells
// the user's contacts and their own other sessions, and nobody else; also the event when a host site's sign-in
// changes its user's profile.

import { parseAnswer, ROUTES, type AuthResult, type Me } from '@ichat/protocol';
import { SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { openDirect, person, type Person } from '../support/chat.js';
import { apiError, type HttpResult } from '../support/http.js';
import { uniqueNames, useTestServer, type TestServer } from '../support/test-server.js';

const SECRET = 'a host secret that is long enough for HS256!';
const env = useTestServer({ 'jwt-secret': SECRET });
const name = uniqueNames('prof');

/** Signs in through the host site's token (HS256), as the site would after its own login. */
async function hostSignIn(claims: JWTPayload): Promise<AuthResult> {
  const exp = Math.floor(Date.now() / 1000) + 300;
  const token = await new SignJWT({ exp, ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
  const result = await env.server.http(ROUTES.jwtLogin.path, { body: { token } });
  expect(result.status, result.text).toBe(200);
  return parseAnswer(ROUTES.jwtLogin, result.body);
}

function edit(server: TestServer, token: string, body: unknown): Promise<HttpResult> {
  return server.http(ROUTES.updateProfile.path, { method: 'PATCH', token, body });
}

async function edited(server: TestServer, token: string, body: unknown): Promise<Me> {
  const result = await edit(server, token, body);
  expect(result.status, result.text).toBe(200);
  return parseAnswer(ROUTES.updateProfile, result.body).user;
}

/** Ada and Bob share a direct room; Eve shares nothing with Ada. */
async function threePeople(): Promise<{ ada: Person; bob: Person; eve: Person }> {
  const [ada, bob, eve] = await Promise.all([person(env.server, name()), person(env.server, name()), person(env.server, name())]);
  await openDirect(ada.client, bob.user);
  return { ada, bob, eve };
}

describe('PATCH /api/v1/me', () => {
  it('sets the display name and avatar, answers the user as stored, and GET /me agrees', async () => {
    const { ada } = await threePeople();
    const user = await edited(env.server, ada.user.token, { displayName: '  Ada \n Lovelace ', avatarUrl: 'https://CDN.example.com/ada.png' });
    expect(user).toMatchObject({ id: ada.user.id, displayName: 'Ada Lovelace', avatarUrl: 'https://cdn.example.com/ada.png' });
    const me = await env.server.http(ROUTES.me.path, { token: ada.user.token });
    expect(parseAnswer(ROUTES.me, me.body).user).toEqual(user);
  });

  it('keeps a field left out and clears a field set to null', async () => {
    const { ada } = await threePeople();
    await edited(env.server, ada.user.token, { displayName: 'Ada', avatarUrl: 'https://cdn.example.com/a.png' });
    expect(await edited(env.server, ada.user.token, { avatarUrl: null })).toMatchObject({ displayName: 'Ada', avatarUrl: null });
    expect(await edited(env.server, ada.user.token, {})).toMatchObject({ displayName: 'Ada', avatarUrl: null });
  });

  it('tells contacts and the user\'s other sessions with user.updated, and nobody else', async () => {
    const { ada, bob, eve } = await threePeople();
    const adaOtherTab = await env.server.signIn(ada.user);
    await edited(env.server, ada.user.token, { displayName: 'Countess' });
    const expected = { type: 'user.updated', user: { id: ada.user.id, username: ada.user.username, displayName: 'Countess', avatarUrl: null, data: {} } };
    expect(await bob.client.event('user.updated')).toEqual(expected);
    expect(await adaOtherTab.event('user.updated')).toEqual(expected);
    await eve.client.sync();
    expect(eve.client.unconsumed('user.updated')).toEqual([]);
  });

  it('announces nothing for an edit that changes nothing', async () => {
    const { ada, bob } = await threePeople();
    await edited(env.server, ada.user.token, { displayName: 'Same' });
    await bob.client.event('user.updated');
    await edited(env.server, ada.user.token, { displayName: 'Same' });
    await bob.client.sync();
    expect(bob.client.unconsumed('user.updated')).toEqual([]);
  });

  it('makes the user\'s open sessions send the new profile in their typing events', async () => {
    const { ada, bob } = await threePeople();
    const chat = await openDirect(ada.client, bob.user);
    await edited(env.server, ada.user.token, { displayName: 'Typist' });
    await ada.client.request('typing', { roomId: chat.roomId });
    expect((await bob.client.event('typing')).user.displayName).toBe('Typist');
  });

  it.each([
    ['an http avatar', { avatarUrl: 'http://cdn.example.com/a.png' }, 'avatarUrl'],
    ['a data: avatar', { avatarUrl: 'data:image/png;base64,AAAA' }, 'avatarUrl'],
    ['a blank display name', { displayName: ' \n ' }, 'displayName'],
    ['a display name over 64 characters', { displayName: 'x'.repeat(65) }, 'displayName'],
  ])('refuses %s with validation_failed naming the field', async (_what, body, field) => {
    const { ada } = await threePeople();
    const result = await edit(env.server, ada.user.token, body);
    expect(result.status).toBe(400);
    expect(apiError(result)).toMatchObject({ code: 'validation_failed', field });
  });

  it('refuses a caller without a valid token', async () => {
    const result = await edit(env.server, 'not-a-token', { displayName: 'Nobody' });
    expect(result.status).toBe(401);
    expect(apiError(result).code).toBe('unauthorized');
  });
});

describe('a host site\'s users', () => {
  it('are refused an edit with forbidden: their profile comes from the site', async () => {
    const { token } = await hostSignIn({ sub: name(), name: 'Site User' });
    const result = await edit(env.server, token, { displayName: 'Mine now' });
    expect(result.status).toBe(403);
    expect(apiError(result).code).toBe('forbidden');
  });

  it('have their contacts told with user.updated when a sign-in changes their profile, and only then', async () => {
    const sub = name();
    const first = await hostSignIn({ sub, name: 'Hedy' });
    const hedy = await env.server.signIn({ token: first.token });
    const bob = await person(env.server, name());
    await openDirect(hedy, bob.user);
    await hostSignIn({ sub, name: 'Hedy', picture: 'https://cdn.shop.test/hedy.png' });
    expect((await bob.client.event('user.updated')).user).toMatchObject({
      id: first.user.id,
      displayName: 'Hedy',
      avatarUrl: 'https://cdn.shop.test/hedy.png',
    });
    expect((await hedy.event('user.updated')).user.avatarUrl).toBe('https://cdn.shop.test/hedy.png');
    await hostSignIn({ sub, name: 'Hedy', picture: 'https://cdn.shop.test/hedy.png', email: 'hedy@shop.test' });
    await bob.client.sync();
    expect(bob.client.unconsumed('user.updated')).toEqual([]);
  });
});
