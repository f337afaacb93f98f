// Where the iChat server is when the host page does not say, and per-server session storage.

/**
 * The URL this module was loaded from, read while the script runs: in the script-tag bundles `import.meta.url` stands
 * for `document.currentScript`, which is only set then, so reading it later (an element a single-page app creates
 * after load) would find the page's address instead.
 */
export const LOADED_FROM: string = import.meta.url;

/**
 * The origin this module was loaded from: the iChat server that served `/widget.js` or `/admin.js`. Falls back to
 * the page's origin when the module was bundled into the host's own code.
 */
export function defaultServer(): string {
  try {
    const origin = new URL(LOADED_FROM).origin;
    if (origin.startsWith('http')) return origin;
  } catch {
    // import.meta.url is not a URL in some bundles; the page's origin is the best guess then.
  }
  return globalThis.location?.origin ?? '';
}

function key(scope: string, server: string): string {
  return `ichat:${scope}-token:${server}`;
}

/** The remembered token for this server, or ''. */
export function storedToken(scope: string, server: string): string {
  try {
    return globalThis.localStorage?.getItem(key(scope, server)) ?? '';
  } catch {
    return '';
  }
}

/** Remembers a token for this server; '' forgets it. Storage may be unavailable (private modes): then nothing is kept. */
export function storeToken(scope: string, server: string, token: string): void {
  try {
    if (token === '') globalThis.localStorage?.removeItem(key(scope, server));
    else globalThis.localStorage?.setItem(key(scope, server), token);
  } catch {
    // Nothing to do: the session simply will not survive a reload.
  }
}
