// The e-mail routes: password reset, address verification, the e-mail preference and one-click unsubscribe. A table
// of their own, so that a client bundle that uses none of them (the chat widget) leaves them and their schemas out.

import { API_PREFIX } from '../version.js';
import {
  EmailPreferenceBodySchema,
  EmailSettingsResultSchema,
  PasswordResetBodySchema,
  PasswordResetRequestBodySchema,
  VerifyEmailBodySchema,
} from './email-bodies.js';
import { route } from './route-spec.js';

export const EMAIL_ROUTES = {
  /**
   * Sends a password reset link to the address if a password account has it. Answers 202 either way, so nobody learns
   * which addresses have accounts; throttled per address and per client address (`rate_limited`).
   */
  requestPasswordReset: route({
    method: 'POST',
    path: `${API_PREFIX}/auth/password-reset`,
    body: PasswordResetRequestBodySchema,
    status: 202,
    access: 'public',
  }),
  /**
   * Sets a new password with a reset link's token (single use, expiring: else `invalid_link`). Every session of the
   * account ends: its tokens are revoked and its sockets closed with 4001.
   */
  resetPassword: route({
    method: 'POST',
    path: `${API_PREFIX}/auth/password-reset/confirm`,
    body: PasswordResetBodySchema,
    status: 204,
    access: 'public',
  }),
  /** Marks the address verified with a verification link's token (single use, expiring: else `invalid_link`). */
  verifyEmail: route({
    method: 'POST',
    path: `${API_PREFIX}/auth/verify-email`,
    body: VerifyEmailBodySchema,
    status: 204,
    access: 'public',
  }),
  /** Sends the signed-in password account a new verification link (throttled like reset requests). */
  resendVerification: route({
    method: 'POST',
    path: `${API_PREFIX}/auth/verify-email/resend`,
    status: 202,
    access: 'user',
  }),
  /** The signed-in user's e-mail address, whether it is verified, and their missed-message preference. */
  emailSettings: route({
    method: 'GET',
    path: `${API_PREFIX}/me/email`,
    result: EmailSettingsResultSchema,
    status: 200,
    access: 'user',
  }),
  /** Turns missed-message e-mails on or off; answers like `GET`. */
  updateEmailSettings: route({
    method: 'PUT',
    path: `${API_PREFIX}/me/email`,
    body: EmailPreferenceBodySchema,
    result: EmailSettingsResultSchema,
    status: 200,
    access: 'user',
  }),
  /**
   * One-click unsubscribe (RFC 8058): the `List-Unsubscribe` URL of every missed-message e-mail. The token in the path
   * is signed by the server and expires, so it needs no session; any body (`List-Unsubscribe=One-Click`) is ignored.
   */
  emailUnsubscribe: route({
    method: 'POST',
    path: `${API_PREFIX}/email/unsubscribe/{token}`,
    params: { token: 'key' },
    status: 204,
    access: 'public',
  }),
} as const;
