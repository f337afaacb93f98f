// Browser-side helpers: reach the test server, create accounts, wait for events and shadow-DOM content.

import { IChatError, parseAnswer, ROUTES, type AuthResult } from '@ichat/protocol';

let serverUrl: string | undefined;

/** The iChat server started for this test run. */
export async function ichatServer(): Promise<string> {
  if (serverUrl === undefined) {
    const body: unknown = await (await fetch('/__ichat/server')).json();
    const url: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'url') : undefined;
    if (typeof url !== 'string') throw new Error('test server URL missing');
    serverUrl = url;
  }
  return serverUrl;
}

let counter = 0;

/** A fresh, unique account name for this run. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

export async function register(name: string, password = 'correct horse battery'): Promise<AuthResult & { password: string }> {
  const response = await fetch(`${await ichatServer()}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${name}@example.com`, username: name, password }),
  });
  const body: unknown = await response.json();
  if (!response.ok) throw IChatError.fromWire(typeof body === 'object' && body !== null ? Reflect.get(body, 'error') : body);
  return { ...parseAnswer(ROUTES.register, body), password };
}

export async function grantAdmin(email: string): Promise<void> {
  await fetch(`/__ichat/grant-admin?email=${encodeURIComponent(email)}`);
}

/** Adds accounts created at the given instants. */
export async function seedUsers(instants: number[]): Promise<void> {
  await fetch(`/__ichat/seed-users?at=${instants.join(',')}`);
}

/** Resolves with the next event of this type on the target, or rejects after `timeoutMs`. */
export function nextEvent<T extends Event = CustomEvent>(target: EventTarget, type: string, timeoutMs = 8000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(
      type,
      (event) => {
        clearTimeout(timer);
        resolve(event as T); // the listener was registered for exactly this event type
      },
      { once: true },
    );
  });
}

/** Polls until `check` returns a value (not undefined, null or false), or fails after `timeoutMs`. */
export async function until<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 8000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
