// Browser-side helpers: reach the test server, create accounts, wait for events and shadow-DOM content.

import { registerUser, type Account } from '@ichat/test-kit/accounts';

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

/** A fresh, unique account name for this run (the test kit's). */
export { uniqueName } from '@ichat/test-kit/accounts';

/** Registers `name` (`<name>@example.com`) on the test server, through the test kit as every suite does. */
export async function register(name: string, password?: string): Promise<Account> {
  return registerUser(await ichatServer(), name, password === undefined ? {} : { password });
}

export async function grantAdmin(email: string): Promise<void> {
  await fetch(`/__ichat/grant-admin?email=${encodeURIComponent(email)}`);
}

/** Bans the host site's user `sub` through the server API, as the host's backend would. */
export async function banHostUser(sub: string): Promise<void> {
  const response = await fetch(`/__ichat/ban?sub=${encodeURIComponent(sub)}`);
  if (!response.ok) throw new Error(`ban answered ${response.status}: ${await response.text()}`);
}

/** Adds a webhook endpoint for `user.created` at `url`, stored exactly as given. */
export async function addWebhook(url: string): Promise<void> {
  await fetch(`/__ichat/add-webhook?url=${encodeURIComponent(url)}`);
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
