// Input rules both ends enforce: the server to refuse bad input, clients to explain it before sending.

import { IChatError } from './errors.js';

/** Fixed bounds of the protocol. Server operators tune rates and sizes in config; these are part of the contract. */
export const LIMITS = {
  usernameMin: 3,
  usernameMax: 32,
  passwordMin: 8,
  passwordMax: 256,
  emailMax: 254,
  textMax: 4000,
  groupNameMax: 100,
  groupMembersMax: 256,
  clientMsgIdMax: 64,
  requestIdMax: 64,
  historyPageMax: 100,
  tokenMax: 512,
  /** A host site's sign-in JWT (an RS256 one with a few claims is about 1 KB). */
  hostTokenMax: 8192,
  /** A host site's id for one of its users (a JWT's `sub`), as the server API takes it: in a path or a body. */
  externalIdMax: 256,
  /** A display name taken from a host site's `name` claim is cut to this many code points. */
  displayNameMax: 64,
} as const;

// With the u flag a lone surrogate reads as a code point of category Cs; a well-formed pair reads as one other point.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Refuses text that is not well-formed UTF-16 (a lone surrogate), which no UTF-8 store or wire can carry unchanged:
 * it would come back as U+FFFD replacement characters, different from what was accepted and counted.
 */
function checkWellFormed(text: string, what: string, field: string): void {
  if (LONE_SURROGATE.test(text)) {
    throw new IChatError('validation_failed', `${what} contains an unpaired surrogate (ill-formed Unicode)`, { field });
  }
}

const USERNAME_PATTERN = /^[a-z0-9_.-]+$/;
// Deliberately simple: one @, no spaces, a dot in the domain. Real validation is delivering mail.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * Normalises and checks an e-mail address; returns it lower-cased.
 *
 * @example
 * ```ts
 * normaliseEmail(' Ada@Example.com ') // 'ada@example.com'
 * ```
 */
export function normaliseEmail(value: unknown, field = 'email'): string {
  if (typeof value !== 'string') throw new IChatError('validation_failed', 'E-mail is required', { field });
  const email = value.trim().toLowerCase();
  checkWellFormed(email, 'E-mail', field);
  if (email.length === 0 || email.length > LIMITS.emailMax || !EMAIL_PATTERN.test(email)) {
    throw new IChatError('validation_failed', 'Enter a valid e-mail address', { field });
  }
  return email;
}

/** Normalises and checks a username: 3–32 of `[a-z0-9_.-]`, compared case-insensitively, so stored lower-cased. */
export function normaliseUsername(value: unknown, field = 'username'): string {
  if (typeof value !== 'string') throw new IChatError('validation_failed', 'Username is required', { field });
  const username = value.trim().toLowerCase();
  if (username.length < LIMITS.usernameMin || username.length > LIMITS.usernameMax) {
    throw new IChatError(
      'validation_failed',
      `Username must be ${LIMITS.usernameMin}–${LIMITS.usernameMax} characters`,
      { field },
    );
  }
  if (!USERNAME_PATTERN.test(username)) {
    throw new IChatError('validation_failed', 'Username may use only letters, digits, "_", "." and "-"', { field });
  }
  return username;
}

/** Checks a new password's length (8–256 characters); returns it unchanged. */
export function checkPassword(value: unknown, field = 'password'): string {
  if (typeof value !== 'string') throw new IChatError('validation_failed', 'Password is required', { field });
  checkWellFormed(value, 'Password', field);
  if (value.length < LIMITS.passwordMin || value.length > LIMITS.passwordMax) {
    throw new IChatError(
      'validation_failed',
      `Password must be ${LIMITS.passwordMin}–${LIMITS.passwordMax} characters`,
      { field },
    );
  }
  return value;
}

/** Trims a message text and checks it is 1–4000 characters (counted in Unicode code points). */
export function normaliseText(value: unknown, field = 'text'): string {
  if (typeof value !== 'string') throw new IChatError('validation_failed', 'Text is required', { field });
  const text = value.trim();
  if (text.length === 0) throw new IChatError('validation_failed', 'Message is empty', { field });
  checkWellFormed(text, 'Message', field);
  // Cheap length check first; only count code points when UTF-16 length could be over the limit.
  if (text.length > LIMITS.textMax && [...text].length > LIMITS.textMax) {
    throw new IChatError('validation_failed', `Message is longer than ${LIMITS.textMax} characters`, { field });
  }
  return text;
}

/** Trims a group name and checks it is 1–100 characters. */
export function normaliseGroupName(value: unknown, field = 'name'): string {
  if (typeof value !== 'string') throw new IChatError('validation_failed', 'Group name is required', { field });
  const name = value.trim();
  checkWellFormed(name, 'Group name', field);
  if (name.length === 0 || name.length > LIMITS.groupNameMax) {
    throw new IChatError('validation_failed', `Group name must be 1–${LIMITS.groupNameMax} characters`, { field });
  }
  return name;
}
