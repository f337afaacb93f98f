// Sign-in with the host site's JWTs over HTTP, against a real server, with tokens signed by jose as a host would:
// every refusal reason, first and later sign-ins, no merging with password accounts, password auth off, throttling.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnswer, ROUTES, type AuthResult } from '@ichat/protocol';
import { exportPKCS8, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadJwtKeys } from '../../src/auth/jwt-keys.js';
import { apiError, type HttpResult } from '../support/http.js';
import { makeTempDir, PASSWORD, TestServer, useTestServer } from '../support/test-server.js';

const SECRET = 'a host secret that is long enough for HS256!';
const ISSUER = 'https://shop.test';
const AUDIENCE = 'ichat';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
let rsa: KeyPair;
let otherRsa: KeyPair;
let publicPem: string;
const keyDir = makeTempDir();
const publicKeyPath = join(keyDir, 'host.pub.pem');

beforeAll(async () => {
  rsa = await generateKeyPair('RS256', { extractable: true });
  otherRsa = await generateKeyPair('RS256');
  publicPem = await exportSPKI(rsa.publicKey);
  writeFileSync(publicKeyPath, publicPem);
});

const now = (): number => Math.floor(Date.now() / 1000);

/** A token as the host signs it: RS256 by default, `sub`, `iss`, `aud`, and `exp` in five minutes. */
async function hostToken(claims: JWTPayload = {}, options: { alg?: string; key?: KeyPair['privateKey'] | Uint8Array; omit?: string[] } = {}): Promise<string> {
  const payload: JWTPayload = { sub: 'u-1', iss: ISSUER, aud: AUDIENCE, exp: now() + 300, iat: now(), ...claims };
  for (const claim of options.omit ?? []) delete payload[claim];
  const alg = options.alg ?? 'RS256';
  return new SignJWT(payload).setProtectedHeader({ alg }).sign(options.key ?? (alg === 'HS256' ? new TextEncoder().encode(SECRET) : rsa.privateKey));
}

function signIn(server: TestServer, token: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return server.http(ROUTES.jwtLogin.path, { body: { token }, headers });
}

async function signedIn(server: TestServer, token: string): Promise<AuthResult> {
  const result = await signIn(server, token);
  expect(result.status, result.text).toBe(200);
  return parseAnswer(ROUTES.jwtLogin, result.body);
}

async function startOwnServer(flags: Record<string, string>): Promise<TestServer> {
  const server = await TestServer.start(flags);
  onTestFinished(() => server.dispose());
  return server;
}

describe('POST /api/v1/auth/jwt with RS256 and HS256 keys, an issuer and an audience', () => {
  const env = useTestServer({
    'jwt-secret': SECRET,
    'jwt-public-key': publicKeyPath,
    'jwt-issuer': ISSUER,
    'jwt-audience': AUDIENCE,
    'jwt-max-lifetime-seconds': '3600',
    'jwt-session-ttl-seconds': '600',
  });

  it('creates the user on first sign-in, with the profile from the claims, and answers like login', async () => {
    const claims = { sub: 'first-1', name: 'Zoë Ångström', email: ' Zoe@Shop.TEST ', picture: 'https://cdn.shop.test/zoe.png' };
    const before = Date.now();
    const { user, token, expiresAt } = await signedIn(env.server, await hostToken(claims));
    expect(user).toMatchObject({
      username: 'zoe.angstrom',
      email: 'zoe@shop.test',
      displayName: 'Zoë Ångström',
      avatarUrl: 'https://cdn.shop.test/zoe.png',
      isAdmin: false,
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The session lasts --jwt-session-ttl-seconds, not the password sessions' --token-ttl-hours.
    expect(expiresAt).toBeGreaterThanOrEqual(before + 600_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 600_000);
    const me = await env.server.http(ROUTES.me.path, { token });
    expect(parseAnswer(ROUTES.me, me.body).user).toEqual(user);
    const socket = await env.server.signIn({ token });
    expect(socket).toBeDefined();
  });

  it('signs the same (issuer, sub) in as the same user, with the profile of the latest token', async () => {
    const first = await signedIn(env.server, await hostToken({ sub: 'again-1', name: 'Grace Hopper', picture: 'https://cdn.test/g.png', email: 'g@shop.test' }));
    const later = await signedIn(env.server, await hostToken({ sub: 'again-1', name: 'Rear Admiral Hopper', picture: 'http://cdn.test/plain.png' }));
    expect(later.user).toEqual({
      ...first.user,
      displayName: 'Rear Admiral Hopper',
      // Not https: dropped rather than refused; and a claim left out clears what the last token said.
      avatarUrl: null,
      email: '',
    });
    expect(later.token).not.toBe(first.token);
  });

  it('accepts HS256 tokens signed with the shared secret', async () => {
    const { user } = await signedIn(env.server, await hostToken({ sub: 'hs-1', name: 'Hs User' }, { alg: 'HS256' }));
    expect(user.username).toBe('hs.user');
  });

  it('gives a second user of the same name a username with a suffix', async () => {
    const one = await signedIn(env.server, await hostToken({ sub: 'same-name-1', name: 'Alan Turing' }));
    const two = await signedIn(env.server, await hostToken({ sub: 'same-name-2', name: 'Alan Turing' }));
    expect(one.user.username).toBe('alan.turing');
    expect(two.user.username).toBe('alan.turing-2');
    expect(two.user.id).not.toBe(one.user.id);
  });

  it('never merges a host user with a password account of the same e-mail, either way round', async () => {
    const password = await env.server.register('merge.ada');
    const host = await signedIn(env.server, await hostToken({ sub: 'merge-1', name: 'Ada', email: 'merge.ada@example.test' }));
    expect(host.user.id).not.toBe(password.id);
    expect(host.user.email).toBe('merge.ada@example.test');
    // The password account still logs in as itself, and the host user's e-mail never logs in with a password.
    const login = await env.server.http(ROUTES.login.path, { body: { email: 'merge.ada@example.test', password: PASSWORD } });
    expect(parseAnswer(ROUTES.login, login.body).user.id).toBe(password.id);
    // A host user's e-mail does not take the address from a later registration.
    await signedIn(env.server, await hostToken({ sub: 'merge-2', email: 'later@example.test' }));
    const later = await env.server.register('later');
    expect(later.email).toBe('later@example.test');
    const hostAgain = await signedIn(env.server, await hostToken({ sub: 'merge-2', email: 'later@example.test' }));
    expect(hostAgain.user.id).not.toBe(later.id);
  });

  it.each([
    ['expired', () => hostToken({ exp: now() - 3600 }), 'expired'],
    ['not valid yet', () => hostToken({ nbf: now() + 3600 }), 'not_yet_valid'],
    ['signed with another key', () => hostToken({}, { key: otherRsa.privateKey }), 'bad_signature'],
    ['for another audience', () => hostToken({ aud: 'someone-else' }), 'wrong_audience'],
    ['from another issuer', () => hostToken({ iss: 'https://evil.test' }), 'wrong_issuer'],
    ['without an issuer', () => hostToken({}, { omit: ['iss'] }), 'wrong_issuer'],
    ['unsigned (alg: none)', () => Promise.resolve(new UnsecuredJWT({ sub: 'u-1', iss: ISSUER, aud: AUDIENCE, exp: now() + 60 }).encode()), 'algorithm_not_allowed'],
    ['HS256 signed with the public key PEM as secret', () => hostToken({}, { alg: 'HS256', key: new TextEncoder().encode(publicPem) }), 'bad_signature'],
    ['signed with an algorithm no key is for (HS512)', () => hostToken({}, { alg: 'HS512', key: new TextEncoder().encode(SECRET) }), 'algorithm_not_allowed'],
    ['without sub', () => hostToken({}, { omit: ['sub'] }), 'missing_claim'],
    ['without exp', () => hostToken({}, { omit: ['exp'] }), 'missing_claim'],
    ['with a numeric sub', () => hostToken({ sub: 42 as unknown as string }), 'malformed'],
    ['valid for longer than the maximum lifetime', () => hostToken({ exp: now() + 2 * 3600 }), 'lifetime_too_long'],
    ['not a JWT at all', () => Promise.resolve('not.a.jwt'), 'malformed'],
  ])('refuses a token %s with 401 invalid_token and the reason', async (_what, make, reason) => {
    const result = await signIn(env.server, await make());
    expect(result.status).toBe(401);
    const error = apiError(result);
    expect(error).toMatchObject({ code: 'invalid_token', reason });
    expect(error.message).toContain(reason);
  });

  it('creates nobody for a refused token', async () => {
    const users = env.server.db.count('users');
    await signIn(env.server, await hostToken({ sub: 'refused-1', exp: now() - 3600 }));
    expect(env.server.db.count('users')).toBe(users);
  });
});

describe('POST /api/v1/auth/jwt with only an RS256 public key, and password auth off', () => {
  const env = useTestServer({ 'jwt-public-key': publicKeyPath, 'password-auth': 'off' });

  it('refuses HS256 signed with the public key PEM (algorithm confusion) as algorithm_not_allowed', async () => {
    const result = await signIn(env.server, await hostToken({}, { alg: 'HS256', key: new TextEncoder().encode(publicPem) }));
    expect(result.status).toBe(401);
    expect(apiError(result)).toMatchObject({ code: 'invalid_token', reason: 'algorithm_not_allowed' });
  });

  it('keys users by (issuer, sub): the same sub from two issuers is two users', async () => {
    const shop = await signedIn(env.server, await hostToken({ sub: 'shared', iss: 'https://shop.test' }));
    const blog = await signedIn(env.server, await hostToken({ sub: 'shared', iss: 'https://blog.test' }));
    const none = await signedIn(env.server, await hostToken({ sub: 'shared' }, { omit: ['iss'] }));
    expect(new Set([shop.user.id, blog.user.id, none.user.id]).size).toBe(3);
  });

  it('refuses password registration and login with 403 forbidden', async () => {
    const register = await env.server.http(ROUTES.register.path, {
      body: { email: 'pw@example.test', username: 'pw.user', password: PASSWORD },
    });
    expect(register.status).toBe(403);
    expect(apiError(register).code).toBe('forbidden');
    expect(apiError(register).message).toMatch(/password sign-in is turned off/i);
    const login = await env.server.http(ROUTES.login.path, { body: { email: 'pw@example.test', password: PASSWORD } });
    expect(login.status).toBe(403);
    expect(env.server.db.count('users')).toBe(3);
  });
});

describe('POST /api/v1/auth/jwt without any JWT key', () => {
  const env = useTestServer();

  it('answers 403 forbidden: JWT sign-in is not configured', async () => {
    const result = await signIn(env.server, await hostToken());
    expect(result.status).toBe(403);
    expect(apiError(result)).toMatchObject({ code: 'forbidden', message: 'JWT sign-in is not configured on this server' });
  });
});

describe('throttling JWT sign-in per address', () => {
  it('answers 429 to an address that keeps sending bad tokens, and keeps good sign-ins from other addresses', async () => {
    // 2 failures per account means 8 per address.
    const server = await startOwnServer({ 'jwt-public-key': publicKeyPath, 'login-max-failures': '2', 'trust-proxy': 'true' });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const bad = await hostToken({}, { key: otherRsa.privateKey });
    const attempts = await Promise.all(Array.from({ length: 12 }, () => signIn(server, bad, from('203.0.113.9'))));
    expect(attempts.filter((result) => result.status === 401)).toHaveLength(8);
    const refused = attempts.filter((result) => result.status === 429);
    expect(refused).toHaveLength(4);
    for (const result of refused) expect(apiError(result)).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
    // Even a good token waits on that address; another address signs in.
    expect((await signIn(server, await hostToken(), from('203.0.113.9'))).status).toBe(429);
    expect((await signIn(server, await hostToken(), from('203.0.113.10'))).status).toBe(200);
  });

  it('does not count successful sign-ins against the address', async () => {
    const server = await startOwnServer({ 'jwt-public-key': publicKeyPath, 'login-max-failures': '1', 'trust-proxy': 'true' });
    for (let i = 0; i < 10; i += 1) {
      expect((await signIn(server, await hostToken({ sub: `ok-${i}` }), { 'x-forwarded-for': '203.0.113.11' })).status).toBe(200);
    }
  });
});

describe('JWT keys at start', () => {
  it('refuses a secret shorter than 32 bytes with one line naming the option', () => {
    expect(() => loadConfig({ 'jwt-secret': 'too short' }, {})).toThrow(
      /^--jwt-secret \/ ICHAT_JWT_SECRET is 9 bytes; HS256 needs at least 32/,
    );
    expect(() => loadConfig({}, { ICHAT_JWT_SECRET: 'x'.repeat(32) })).not.toThrow();
  });

  it('refuses an unreadable, invalid or private key file naming the option', async () => {
    const dir = makeTempDir();
    const check = (path: string) => () => loadJwtKeys({ jwtSecret: '', jwtPublicKey: path });
    expect(check(join(dir, 'missing.pem'))).toThrow(/^--jwt-public-key \/ ICHAT_JWT_PUBLIC_KEY names .*missing\.pem, which cannot be read/);
    writeFileSync(join(dir, 'garbage.pem'), 'not a key');
    expect(check(join(dir, 'garbage.pem'))).toThrow(/which is not a PEM public key/);
    writeFileSync(join(dir, 'private.pem'), await exportPKCS8(rsa.privateKey));
    expect(check(join(dir, 'private.pem'))).toThrow(/holds a private key/);
    const ed = await generateKeyPair('EdDSA', { extractable: true });
    writeFileSync(join(dir, 'ed.pem'), await exportSPKI(ed.publicKey));
    expect(check(join(dir, 'ed.pem'))).toThrow(/ed25519 key; use an RSA key \(RS256\) or a P-256 EC key \(ES256\)/);
    const ec = await generateKeyPair('ES256', { extractable: true });
    writeFileSync(join(dir, 'ec.pem'), await exportSPKI(ec.publicKey));
    expect(check(join(dir, 'ec.pem'))()?.publicKey?.algorithm).toBe('ES256');
  });

  it('refuses to start a server whose key file is missing', async () => {
    await expect(TestServer.start({ 'jwt-public-key': join(keyDir, 'nope.pem') })).rejects.toThrow(/ICHAT_JWT_PUBLIC_KEY/);
  });
});
