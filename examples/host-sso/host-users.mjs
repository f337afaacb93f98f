// @ts-check
// The host site's own accounts. A real site has a users table; this one has three people with scrypt password
// hashes, which is enough to show that iChat never sees their passwords.

import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * @typedef {object} HostUser
 * @property {string} id        the site's own user id: it becomes the `sub` of the iChat token
 * @property {string} login     what the person types to log in to the site
 * @property {string} name      their display name, sent as the `name` claim
 * @property {string} email
 * @property {string} avatar    the file name of their picture under the avatar base URL
 */

/** @type {readonly HostUser[]} */
export const HOST_USERS = [
  { id: 'cust-1001', login: 'ada', name: 'Ada Lovelace', email: 'ada@shop.example', avatar: 'ada.png' },
  { id: 'cust-1002', login: 'grace', name: 'Grace Hopper', email: 'grace@shop.example', avatar: 'grace.png' },
  { id: 'staff-7', login: 'linus', name: 'Linus (Support)', email: 'linus@shop.example', avatar: 'linus.png' },
];

/** The demo password of every account above; the README says so. */
export const DEMO_PASSWORD = 'shop-demo-password';

const salt = randomBytes(16);
// Hashed once at start, as if read from a database: logins compare hashes, never the text.
const demoHash = scryptSync(DEMO_PASSWORD, salt, 32);

/**
 * The account these credentials open, or undefined.
 * @param {string} login
 * @param {string} password
 * @returns {HostUser | undefined}
 */
export function checkCredentials(login, password) {
  const user = HOST_USERS.find((candidate) => candidate.login === login.trim().toLowerCase());
  // Hash even for an unknown login, so the answer takes as long either way.
  const matches = timingSafeEqual(scryptSync(password, salt, 32), demoHash);
  return user !== undefined && matches ? user : undefined;
}

/**
 * @param {string} id
 * @returns {HostUser | undefined}
 */
export function hostUserById(id) {
  return HOST_USERS.find((user) => user.id === id);
}
