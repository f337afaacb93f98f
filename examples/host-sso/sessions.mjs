// @ts-check
// The host site's own sign-in sessions: a random id in an HttpOnly cookie, the user id in memory.

import { randomBytes } from 'node:crypto';

const COOKIE = 'shop_session';

export class Sessions {
  /** @type {Map<string, string>} session id → host user id */
  #byId = new Map();

  /**
   * Starts a session and returns the Set-Cookie header that carries it.
   * @param {string} userId
   * @returns {string}
   */
  start(userId) {
    const id = randomBytes(24).toString('base64url');
    this.#byId.set(id, userId);
    // SameSite=Lax keeps the cookie off cross-site POSTs; the widget's token request is same-origin, so it has it.
    return `${COOKIE}=${id}; HttpOnly; SameSite=Lax; Path=/`;
  }

  /**
   * The signed-in user id of a request, if any.
   * @param {string | undefined} cookieHeader
   * @returns {string | undefined}
   */
  userOf(cookieHeader) {
    const id = readCookie(cookieHeader, COOKIE);
    return id === undefined ? undefined : this.#byId.get(id);
  }

  /**
   * Ends the request's session and returns the Set-Cookie header that clears it.
   * @param {string | undefined} cookieHeader
   * @returns {string}
   */
  end(cookieHeader) {
    const id = readCookie(cookieHeader, COOKIE);
    if (id !== undefined) this.#byId.delete(id);
    return `${COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`;
  }
}

/**
 * @param {string | undefined} header
 * @param {string} name
 * @returns {string | undefined}
 */
function readCookie(header, name) {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
