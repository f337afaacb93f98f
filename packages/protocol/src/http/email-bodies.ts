// The bodies and answers of the e-mail routes: password reset, address verification, the e-mail preference.

import { checkPassword, LIMITS, normaliseEmail } from '../rules.js';
import { boolean, custom, nullable, object, string } from '../schema/kit.js';
import type { Infer } from '../schema/schema.js';

/** A token from a link in an e-mail: 43 base64url characters as issued; the bound only keeps junk out. */
const linkToken = string(LIMITS.tokenMax, 1);

/** `POST /api/v1/auth/password-reset` body: the address to send a reset link to (if an account has it). */
export const PasswordResetRequestBodySchema = object({
  email: custom((value, place) => normaliseEmail(value, place.path), { type: 'string', format: 'email', maxLength: LIMITS.emailMax }),
});
export type PasswordResetRequestBody = Infer<typeof PasswordResetRequestBodySchema>;

/** `POST /api/v1/auth/password-reset/confirm` body: the link's token and the new password (registration's rules). */
export const PasswordResetBodySchema = object({
  token: linkToken,
  password: custom((value, place) => checkPassword(value, place.path), {
    type: 'string',
    minLength: LIMITS.passwordMin,
    maxLength: LIMITS.passwordMax,
  }),
});
export type PasswordResetBody = Infer<typeof PasswordResetBodySchema>;

/** `POST /api/v1/auth/verify-email` body: the verification link's token. */
export const VerifyEmailBodySchema = object({ token: linkToken });
export type VerifyEmailBody = Infer<typeof VerifyEmailBodySchema>;

/**
 * The signed-in user's e-mail: where mail goes (null when there is no address to write to), whether that address is
 * verified, whether they get missed-message e-mails, and whether this server sends e-mail at all.
 */
export const EmailSettingsSchema = object({
  address: nullable(string(LIMITS.emailMax)),
  verified: boolean,
  notifications: boolean,
  serverSendsEmail: boolean,
});
export type EmailSettings = Infer<typeof EmailSettingsSchema>;

/** `GET` and `PUT /api/v1/me/email` answer. */
export const EmailSettingsResultSchema = object({ email: EmailSettingsSchema });
export type EmailSettingsResult = Infer<typeof EmailSettingsResultSchema>;

/** `PUT /api/v1/me/email` body: missed-message e-mails on or off. */
export const EmailPreferenceBodySchema = object({ notifications: boolean });
export type EmailPreferenceBody = Infer<typeof EmailPreferenceBodySchema>;
