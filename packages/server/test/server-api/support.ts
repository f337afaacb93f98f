// What the server API's suites share: a server that signs the host site's users in by JWT, its API keys, and calls
// made as the host site's backend makes them.

import { parseAnswer, ROUTES, routePath, type AuthResult, type RouteSpec } from '@ichat/protocol';
import { SignJWT } from 'jose';
import { expect } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import type { HttpOptions, HttpResult } from '../support/http.js';
import type { TestServer } from '../support/test-server.js';

export const JWT_SECRET = 'the host site secret, long enough for HS256';
export const ISSUER = 'https://shop.test';

/** Flags of a server that takes the host site's HS256 JWTs from {@link ISSUER}. */
export const HOST_FLAGS = { 'jwt-secret': JWT_SECRET, 'jwt-issuer': ISSUER };

/** A sign-in JWT as the host site makes one for its user `sub`. */
export function hostJwt(sub: string, claims: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub, iss: ISSUER, exp: now + 300, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(JWT_SECRET));
}

/** Signs the host site's user `sub` in by JWT (creating them), as their browser would. */
export async function hostUser(server: TestServer, sub: string, name = sub): Promise<AuthResult> {
  const result = await server.http(ROUTES.jwtLogin.path, { body: { token: await hostJwt(sub, { name }) } });
  expect(result.status, result.text).toBe(200);
  return parseAnswer(ROUTES.jwtLogin, result.body);
}

/** A new API key of the running server, made through its store as `ichat-server api-key create` makes one. */
export async function apiKey(server: TestServer, name = `key-${Math.random().toString(36).slice(2)}`): Promise<string> {
  return (await createApiKey(server.running.store.apiKeys, name, Date.now())).key;
}

/** One call of a server route: its path filled in, the key as bearer token. */
export function call(
  server: TestServer,
  spec: RouteSpec<unknown, unknown>,
  key: string,
  options: { params?: Record<string, string>; body?: unknown; query?: string } = {},
): Promise<HttpResult> {
  const request: HttpOptions = { method: spec.method, token: key };
  if (options.body !== undefined) request.body = options.body;
  return server.http(`${routePath(spec, options.params)}${options.query ?? ''}`, request);
}

/** A successful call's typed answer; fails the test with the answer's text otherwise. */
export async function ok<Result>(result: Promise<HttpResult>, spec: RouteSpec<unknown, Result>): Promise<Result> {
  const answered = await result;
  expect(answered.status, answered.text).toBe(spec.status);
  return parseAnswer(spec, answered.body);
}

export { ROUTES };
