// Accounts over HTTP: registration rules, login and its throttling, logout revoking tokens everywhere, and /me.

import { parseAnswer, ROUTES } from '@ichat/protocol';
import { describe, expect, it, onTestFinished } from 'vitest';
import { expireAllTokens } from '../support/database.js';
import { apiError, type HttpResult } from '../support/http.js';
import { PASSWORD, TestServer, useTestServer } from '../support/test-server.js';

const env = useTestServer();

function registerBody(name: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { email: `${name}@example.test`, username: name, password: PASSWORD, ...changes };
}

async function startOwnServer(flags: Record<string, string> = {}): Promise<TestServer> {
  const server = await TestServer.start(flags);
  onTestFinished(() => server.dispose());
  return server;
}

describe('POST /api/v1/auth/register', () => {
  it('creates the account and answers 201 with the user and a token', async () => {
    const result = await env.server.http('/api/v1/auth/register', { body: registerBody('reg.ok', { email: ' Reg.OK@Example.TEST ' }) });
    expect(result.status).toBe(201);
    const { user, token, expiresAt } = parseAnswer(ROUTES.login, result.body);
    expect(user).toMatchObject({ email: 'reg.ok@example.test', username: 'reg.ok', isAdmin: false });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBeGreaterThan(Date.now());
  });

  it.each([
    ['a malformed e-mail', { email: 'not-an-email' }, 'email'],
    ['a missing e-mail', { email: undefined }, 'email'],
    ['a username shorter than 3', { username: 'ab' }, 'username'],
    ['a username longer than 32', { username: 'a'.repeat(33) }, 'username'],
    ['a username with spaces', { username: 'two words' }, 'username'],
    ['a password shorter than 8', { password: 'seven77' }, 'password'],
    ['a password longer than 256', { password: 'p'.repeat(257) }, 'password'],
  ])('refuses %s with 400 naming the field', async (_what, changes, field) => {
    const result = await env.server.http('/api/v1/auth/register', { body: registerBody('reg.invalid', changes) });
    expect(result.status).toBe(400);
    expect(apiError(result)).toMatchObject({ code: 'validation_failed', field });
  });

  it('refuses a body that is not JSON with 400 bad_request', async () => {
    const result = await env.server.http('/api/v1/auth/register', { body: '{not json' });
    expect(result.status).toBe(400);
    expect(apiError(result).code).toBe('bad_request');
  });

  it('limits registrations per address, however many are sent at once, with 429 and Retry-After', async () => {
    const server = await startOwnServer({ 'registrations-per-hour': '3', 'trust-proxy': 'true' });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        server.http('/api/v1/auth/register', { body: registerBody(`flood${i}`), headers: from('203.0.113.7') }),
      ),
    );
    expect(attempts.filter((result) => result.status === 201)).toHaveLength(3);
    const refused = attempts.filter((result) => result.status === 429);
    expect(refused).toHaveLength(9);
    for (const result of refused) {
      expect(apiError(result)).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
      expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(result.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    }
    // A refused registration created nothing; another address has an allowance of its own.
    expect(server.db.count('users')).toBe(3);
    const elsewhere = await server.http('/api/v1/auth/register', { body: registerBody('neighbour'), headers: from('203.0.113.8') });
    expect(elsewhere.status).toBe(201);
  });

  it('refuses a password with an unpaired surrogate, which could not be stored as given', async () => {
    const result = await env.server.http('/api/v1/auth/register', {
      body: registerBody('reg.surrogate', { password: `secret \ud800 password` }),
    });
    expect(result.status).toBe(400);
    expect(apiError(result)).toMatchObject({ code: 'validation_failed', field: 'password' });
  });

  it('lets only one of two simultaneous registrations of the same e-mail succeed', async () => {
    const [a, b] = await Promise.all([
      env.server.http('/api/v1/auth/register', { body: registerBody('race.one', { email: 'race@example.test' }) }),
      env.server.http('/api/v1/auth/register', { body: registerBody('race.two', { email: 'RACE@example.test' }) }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(apiError(a.status === 409 ? a : b).code).toBe('email_taken');
  });

  it('refuses a taken e-mail or username, compared case-insensitively, with 409', async () => {
    await env.server.register('taken');
    const email = await env.server.http('/api/v1/auth/register', {
      body: registerBody('taken2', { email: 'TAKEN@example.test' }),
    });
    expect(email.status).toBe(409);
    expect(apiError(email)).toMatchObject({ code: 'email_taken', field: 'email' });
    const username = await env.server.http('/api/v1/auth/register', { body: registerBody('taken3', { username: 'Taken' }) });
    expect(username.status).toBe(409);
    expect(apiError(username)).toMatchObject({ code: 'username_taken', field: 'username' });
  });
});

describe('new accounts', () => {
  it('are announced live to signed-in administrators, and to no one else', async () => {
    const admin = await env.server.register('reg.admin');
    const bystander = await env.server.register('reg.bystander');
    await env.server.running.store.users.setAdmin(admin.email, true);
    const adminClient = await env.server.signIn(admin);
    const bystanderClient = await env.server.signIn(bystander);

    const newcomer = await env.server.register('reg.newcomer');
    expect(await adminClient.event('user.registered')).toEqual({
      type: 'user.registered',
      user: { id: newcomer.id, username: newcomer.username, createdAt: newcomer.createdAt },
    });
    await bystanderClient.sync();
    expect(bystanderClient.unconsumed('user.registered')).toEqual([]);
  });
});

describe('POST /api/v1/auth/login', () => {
  it('answers 200 with the user and a new token for the right password', async () => {
    const user = await env.server.register('login.ok');
    const result = await env.server.http('/api/v1/auth/login', { body: { email: 'LOGIN.OK@example.test', password: PASSWORD } });
    expect(result.status).toBe(200);
    const session = parseAnswer(ROUTES.login, result.body);
    expect(session.user.id).toBe(user.id);
    expect(session.token).not.toBe(user.token);
  });

  it('gives the same 401 answer, in similar time, for an unknown e-mail and a wrong password', async () => {
    // Ten failures stay under the address throttle (four times the per-account limit of ten).
    const server = await startOwnServer();
    await server.register('victim');
    const attempt = async (email: string): Promise<{ result: HttpResult; ms: number }> => {
      const started = performance.now();
      const result = await server.http('/api/v1/auth/login', { body: { email, password: 'wrong password' } });
      return { result, ms: performance.now() - started };
    };
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      const a = await attempt('victim@example.test');
      const b = await attempt(`nobody${i}@example.test`);
      expect(a.result.status).toBe(401);
      expect(b.result.status).toBe(401);
      expect(apiError(a.result).code).toBe('invalid_credentials');
      expect(a.result.body).toEqual(b.result.body);
      wrong.push(a.ms);
      unknown.push(b.ms);
    }
    // Both paths pay for one argon2 verification; a missing one would make the unknown e-mail many times faster.
    const ratio = median(wrong) / median(unknown);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });

  it('throttles an account after too many failures with 429 and Retry-After, even for the right password', async () => {
    const server = await startOwnServer({ 'login-max-failures': '3' });
    await server.register('guessed');
    const login = (password: string) => server.http('/api/v1/auth/login', { body: { email: 'guessed@example.test', password } });
    for (let i = 0; i < 3; i++) expect((await login('wrong password')).status).toBe(401);
    const throttled = await login(PASSWORD);
    expect(throttled.status).toBe(429);
    expect(apiError(throttled)).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(throttled.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
  });

  it('checks at most the limit of guesses sent at once for one account, then 429 even for the right password', async () => {
    const server = await startOwnServer({ 'login-max-failures': '5' });
    await server.register('stormed');
    const login = (password: string) => server.http('/api/v1/auth/login', { body: { email: 'stormed@example.test', password } });
    // All twenty are in flight before the first password check ends: a throttle charged after the check lets them all in.
    const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => login(`wrong password ${i}`)));
    const statuses = guesses.map((result) => result.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    expect((await login(PASSWORD)).status).toBe(429);
  });

  it('checks at most the per-address limit of guesses sent at once across many accounts', async () => {
    const server = await startOwnServer({ 'login-max-failures': '2' });
    const guesses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        server.http('/api/v1/auth/login', { body: { email: `sprayed${i}@example.test`, password: 'guess guess' } }),
      ),
    );
    // Per address the limit is four times the per-account one.
    expect(guesses.filter((result) => result.status === 401)).toHaveLength(8);
    expect(guesses.filter((result) => result.status === 429)).toHaveLength(52);
  });

  it('throttles an address that tries many accounts, whichever account it names next', async () => {
    const server = await startOwnServer({ 'login-max-failures': '2' });
    await server.register('bystander');
    // Per address the limit is four times the per-account one: 8 failures spread over 8 unknown accounts.
    for (let i = 0; i < 8; i++) {
      const result = await server.http('/api/v1/auth/login', { body: { email: `spray${i}@example.test`, password: 'guess guess' } });
      expect(result.status).toBe(401);
    }
    const throttled = await server.http('/api/v1/auth/login', { body: { email: 'bystander@example.test', password: PASSWORD } });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('forgets an account\'s failures after a successful login', async () => {
    const server = await startOwnServer({ 'login-max-failures': '2' });
    await server.register('forgetful');
    const login = (password: string) => server.http('/api/v1/auth/login', { body: { email: 'forgetful@example.test', password } });
    expect((await login('wrong password')).status).toBe(401);
    expect((await login(PASSWORD)).status).toBe(200);
    expect((await login('wrong password')).status).toBe(401);
    expect((await login(PASSWORD)).status).toBe(200);
  });
});

describe('GET /api/v1/me', () => {
  it('answers the signed-in user for a valid bearer token', async () => {
    const user = await env.server.register('me.ok');
    const result = await env.server.http('/api/v1/me', { token: user.token });
    expect(result.status).toBe(200);
    expect(parseAnswer(ROUTES.me, result.body).user).toEqual({
      id: user.id,
      email: user.email,
      username: user.username,
      createdAt: user.createdAt,
      isAdmin: false,
      displayName: null,
      avatarUrl: null,
      data: {},
    });
  });

  it('answers 401 unauthorized without a token or with an unknown one', async () => {
    const none = await env.server.http('/api/v1/me');
    expect(none.status).toBe(401);
    expect(apiError(none).code).toBe('unauthorized');
    const unknown = await env.server.http('/api/v1/me', { token: 'A'.repeat(43) });
    expect(unknown.status).toBe(401);
  });

  it('answers 405 for a method the route does not support', async () => {
    const result = await env.server.http('/api/v1/me', { method: 'POST', body: {} });
    expect(result.status).toBe(405);
    expect(apiError(result).code).toBe('method_not_allowed');
  });
});

describe('expired tokens', () => {
  it('are refused over HTTP and on the socket, and forgotten', async () => {
    const server = await startOwnServer();
    const user = await server.register('expiring');
    expireAllTokens(server.databasePath);
    expect((await server.http('/api/v1/me', { token: user.token })).status).toBe(401);
    expect(server.db.count('tokens')).toBe(0);
    const client = await server.connect();
    expect(await client.refused('auth', { token: user.token })).toMatchObject({ code: 'unauthorized' });
    expect((await client.closedWithin()).code).toBe(4001);
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('revokes the token for HTTP and closes its open sockets with 4001, leaving other sessions alone', async () => {
    const user = await env.server.register('leaver');
    const second = parseAnswer(ROUTES.login, 
      (await env.server.http('/api/v1/auth/login', { body: { email: user.email, password: PASSWORD } })).body,
    );
    const revoked = await env.server.signIn(user);
    const alsoRevoked = await env.server.signIn(user);
    const survivor = await env.server.signIn(second);

    const result = await env.server.http('/api/v1/auth/logout', { method: 'POST', token: user.token });
    expect(result.status).toBe(204);

    expect(await revoked.closedWithin()).toMatchObject({ code: 4001 });
    expect(await alsoRevoked.closedWithin()).toMatchObject({ code: 4001 });
    expect((await env.server.http('/api/v1/me', { token: user.token })).status).toBe(401);
    await survivor.sync();
    expect((await env.server.http('/api/v1/me', { token: second.token })).status).toBe(200);

    const retry = await env.server.connect();
    const refusal = await retry.refused('auth', { token: user.token });
    expect(refusal.code).toBe('unauthorized');
    expect(await retry.closedWithin()).toMatchObject({ code: 4001 });
  });

  it('answers 401 without a valid token', async () => {
    const result = await env.server.http('/api/v1/auth/logout', { method: 'POST' });
    expect(result.status).toBe(401);
    expect(apiError(result).code).toBe('unauthorized');
  });
});
