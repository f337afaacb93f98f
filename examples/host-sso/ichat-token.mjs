// @ts-check
// Signs the token iChat's `POST /api/v1/auth/jwt` accepts for one of the site's users: HS256 with the secret the iChat
// server has as ICHAT_JWT_SECRET. The widget fetches it from the site's /ichat-token route with the site's cookie.

import { SignJWT } from 'jose';

/**
 * @typedef {object} TokenSettings
 * @property {string} secret      the shared HS256 secret, at least 32 bytes
 * @property {string} issuer      `iss`: iChat keys the site's users by (issuer, sub)
 * @property {string} audience    `aud`
 * @property {string} avatarBase  https URL the avatars' file names are resolved against
 */

/** Short-lived: the widget asks for a fresh one before its iChat session needs it. */
const LIFETIME_SECONDS = 300;

/**
 * @param {import('./host-users.mjs').HostUser} user
 * @param {TokenSettings} settings
 * @returns {Promise<string>}
 */
export function signIChatToken(user, settings) {
  return new SignJWT({ name: user.name, email: user.email, picture: new URL(user.avatar, settings.avatarBase).href })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_SECONDS}s`)
    .sign(new TextEncoder().encode(settings.secret));
}
