// Test accounts, made over the HTTP API the way a client makes them (ROUTES.register). Uses fetch and the protocol
// only, so the widget's browser tests import it too.

import { errorOfAnswer, parseAnswer, ROUTES, type AuthResult } from '@ichat/protocol';

/** The password every suite's accounts get unless a test says otherwise; the docs show the same one. */
export const PASSWORD = 'correct horse battery';

let counter = 0;

/**
 * A username no other call returns in this run, nor (through the clock) in an earlier run against the same server:
 * `prefix`, the time in base 36 and a counter. Keep `prefix` under 20 characters (usernames are at most 32).
 */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

/** A registered account: the server's answer and the password it was made with. */
export interface Account extends AuthResult {
  readonly password: string;
}

export interface RegisterOptions {
  /** `<username>@example.com` by default. */
  readonly email?: string;
  /** {@link PASSWORD} by default. */
  readonly password?: string;
  /** Extra request headers, e.g. `x-forwarded-for` for a server that trusts a proxy. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Registers `username` on the server at `serverUrl`.
 *
 * @throws {IChatError} the server's error when it refuses (e.g. `conflict` for a taken name), or an Error when the
 * answer carries none.
 */
export async function registerUser(serverUrl: string, username: string, options: RegisterOptions = {}): Promise<Account> {
  const password = options.password ?? PASSWORD;
  const route = ROUTES.register;
  const response = await fetch(`${serverUrl}${route.path}`, {
    method: route.method,
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify({ email: options.email ?? `${username}@example.com`, username, password }),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.status !== route.status) {
    throw errorOfAnswer(body) ?? new Error(`registering ${username} answered ${response.status}: ${text}`);
  }
  return { ...parseAnswer(route, body), password };
}
