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
  /** A search query, in code points. */
  searchQueryMax: 200,
  /** Words in one search query. */
  searchWordsMax: 16,
  /** The shortest last word of a query that also matches as a prefix (shorter ones would match most of the index). */
  searchPrefixMin: 3,
  /** Results in one page of a search. */
  searchPageMax: 50,
  /** How far into a search's results a client may page. */
  searchOffsetMax: 450,
  tokenMax: 512,
  /** A host site's sign-in JWT (an RS256 one with a few claims is about 1 KB). */
  hostTokenMax: 8192,
  /** A host site's id for one of its users, as the server API takes it: the longest `sub` a sign-in JWT may carry. */
  externalIdMax: 255,
  /** A display name, in code points; one taken from a host site's `name` claim is cut to this. */
  displayNameMax: 64,
  /** An avatar URL, in characters. */
  avatarUrlMax: 2048,
  /** A user's profile `data` object, in bytes of its JSON text (UTF-8). */
  profileDataBytes: 2048,
  /** How deeply a profile `data` object may nest objects and arrays. */
  profileDataDepth: 4,
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

const CONTROL_RUNS = /[\p{Cc}\s]+/gu;

/**
 * Normalises and checks a display name: runs of white space and control characters become one space, the ends are
 * trimmed, and 1–64 code points must remain.
 *
 * @example
 * ```ts
 * normaliseDisplayName('  Ada \n Lovelace ') // 'Ada Lovelace'
 * ```
 */
export function normaliseDisplayName(value: unknown, field = 'displayName'): string {
  if (typeof value !== 'string') throw new IChatError('validation_failed', 'Display name must be text', { field });
  checkWellFormed(value, 'Display name', field);
  const name = value.replace(CONTROL_RUNS, ' ').trim();
  if (name.length === 0 || [...name].length > LIMITS.displayNameMax) {
    throw new IChatError('validation_failed', `Display name must be 1–${LIMITS.displayNameMax} characters`, { field });
  }
  return name;
}

/**
 * Checks an avatar URL and returns it as the URL parser writes it. Only absolute `https:` URLs without credentials
 * pass: the widget shows the picture on other people's pages, where `http:` would be mixed content and `data:` or
 * `javascript:` an injection vector.
 */
export function normaliseAvatarUrl(value: unknown, field = 'avatarUrl'): string {
  const refuse = (): never => {
    throw new IChatError('validation_failed', `Avatar must be an https URL of at most ${LIMITS.avatarUrlMax} characters`, { field });
  };
  if (typeof value !== 'string' || value.length > LIMITS.avatarUrlMax) return refuse();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse();
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.href.length > LIMITS.avatarUrlMax) {
    return refuse();
  }
  return url.href;
}

/** A JSON value, as profile data may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A user's profile data: a small JSON object the host site defines (a role, a team, a link). */
export type ProfileData = { [key: string]: JsonValue };

const utf8 = new TextEncoder();
const ILL_FORMED_DATA = 'Profile data contains an unpaired surrogate (ill-formed Unicode)';

/**
 * Checks a profile `data` object: a plain JSON object of at most 2048 bytes as JSON text, nesting at most 4 deep, with
 * well-formed text. Returns a copy made of JSON values only.
 *
 * @example
 * ```ts
 * normaliseProfileData({ team: 'Support', level: 2 }) // { team: 'Support', level: 2 }
 * ```
 */
export function normaliseProfileData(value: unknown, field = 'data'): ProfileData {
  const refuse = (message: string): never => {
    throw new IChatError('validation_failed', message, { field });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse('Profile data must be a JSON object');
  const copy = jsonCopy(value, 0, refuse);
  const text = JSON.stringify(copy);
  if (utf8.encode(text).length > LIMITS.profileDataBytes) refuse(`Profile data may be at most ${LIMITS.profileDataBytes} bytes of JSON`);
  return copy as ProfileData;
}

// JSON.stringify escapes a lone surrogate rather than failing, so keys and strings are checked one by one.
function jsonCopy(value: unknown, depth: number, refuse: (message: string) => never): JsonValue {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? refuse(ILL_FORMED_DATA) : value;
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : refuse('Profile data numbers must be finite');
  if (typeof value !== 'object') return refuse('Profile data may hold only JSON values');
  if (depth >= LIMITS.profileDataDepth) return refuse(`Profile data may nest at most ${LIMITS.profileDataDepth} levels`);
  if (Array.isArray(value)) return value.map((item: unknown) => jsonCopy(item, depth + 1, refuse));
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
    return refuse('Profile data may hold only JSON values');
  }
  const out: { [key: string]: JsonValue } = {};
  for (const [key, item] of Object.entries(value)) {
    if (LONE_SURROGATE.test(key)) refuse(ILL_FORMED_DATA);
    out[key] = jsonCopy(item, depth + 1, refuse);
  }
  return out;
}

/** The most emoji a server may offer as reactions. */
export const REACTION_SET_MAX = 20;
/** The longest reaction emoji, in code points: enough for a family or flag sequence joined with ZWJ. */
export const REACTION_EMOJI_MAX = 16;
/** The reactions a server offers unless configured otherwise. */
export const DEFAULT_REACTIONS: readonly string[] = ['👍', '❤️', '😂', '😮', '😢', '🙏'];
/** How much of the original a reply quotes, in code points. */
export const REPLY_EXCERPT_MAX = 100;

/** The start of a message's text that a reply quotes: its first {@link REPLY_EXCERPT_MAX} code points. */
export function replyExcerpt(text: string): string {
  return text.length <= REPLY_EXCERPT_MAX ? text : [...text].slice(0, REPLY_EXCERPT_MAX).join('');
}

/**
 * Why a configured reaction cannot be one, or undefined: it must be one emoji (one grapheme with an emoji in it) of
 * at most {@link REACTION_EMOJI_MAX} code points.
 */
export function reactionEmojiProblem(emoji: string): string | undefined {
  if ([...emoji].length > REACTION_EMOJI_MAX) return `is longer than ${REACTION_EMOJI_MAX} code points`;
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(emoji)];
  if (graphemes.length !== 1 || !/\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(emoji)) return 'is not one emoji';
  return undefined;
}
