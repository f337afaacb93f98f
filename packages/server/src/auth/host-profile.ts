// Reads the profile claims of a host site's sign-in token. A bad optional claim is dropped, not refused: a host's
// odd avatar URL must not lock its users out of chat.

import { LIMITS, normaliseAvatarUrl, normaliseEmail } from '@ichat/protocol';

const CONTROL = /\p{Cc}+/gu;
const LONE_SURROGATE = /\p{Cs}/u;

/** `name`: trimmed, control characters removed, cut to {@link LIMITS.displayNameMax} code points; else null. */
export function displayNameOf(value: unknown): string | null {
  if (typeof value !== 'string' || LONE_SURROGATE.test(value)) return null;
  const name = [...value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim()].slice(0, LIMITS.displayNameMax).join('').trim();
  return name === '' ? null : name;
}

/** `email`: normalised as registration does; null when absent or not an e-mail address. */
export function emailOf(value: unknown): string | null {
  try {
    return normaliseEmail(value);
  } catch {
    return null;
  }
}

/**
 * `picture`: an absolute https URL without credentials, as the URL parser writes it (the protocol's avatar rule);
 * anything else (http, data:, javascript:, relative) is null, since the widget shows it on other users' pages.
 */
export function pictureOf(value: unknown): string | null {
  try {
    return normaliseAvatarUrl(value);
  } catch {
    return null;
  }
}
