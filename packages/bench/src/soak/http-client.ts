// The soak's HTTP calls, made through the protocol's route table and checked with its answer schemas.

import { errorOfAnswer, parseAnswer, routePath, ROUTES, type RouteSpec } from '@ichat/protocol';

/** Calls a route with a JSON body and an optional bearer token; throws the server's error for an error answer. */
async function call<Body, Result>(port: number, spec: RouteSpec<Body, Result>, body: Body | undefined, token?: string): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const response = await fetch(`http://127.0.0.1:${port}${routePath(spec)}`, {
    method: spec.method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  const answer: unknown = text === '' ? undefined : JSON.parse(text);
  if (response.status !== spec.status) throw errorOfAnswer(answer) ?? new Error(`${spec.path} answered ${response.status}`);
  return answer;
}

/** Registers an account; its token. */
export async function register(port: number, email: string, username: string, password: string): Promise<string> {
  return parseAnswer(ROUTES.register, await call(port, ROUTES.register, { email, username, password })).token;
}

/** Logs in; a fresh token. */
export async function login(port: number, email: string, password: string): Promise<string> {
  return parseAnswer(ROUTES.login, await call(port, ROUTES.login, { email, password })).token;
}

/** Revokes a token (and closes every socket that used it). */
export async function logout(port: number, token: string): Promise<void> {
  await call(port, ROUTES.logout, undefined, token);
}
