// Mentions as both ends read them: where `@name` tokens sit in a text, and which usernames they may name.

import { LIMITS } from './rules.js';

/** A character a username may hold (`[a-z0-9_.-]`, matched case-insensitively). */
const NAME_CHAR = /[a-z0-9_.-]/i;

/** A `@name` token in a text: where it starts (at the `@`), where it ends (exclusive, UTF-16 offsets) and the name, lower-cased. */
export interface MentionToken {
  start: number;
  end: number;
  name: string;
}

/**
 * The `@name` tokens of a text. The `@` must start the text or follow a character that cannot be part of a username
 * or an address (so `ada@example.org` mentions nobody); the name is the longest run of username characters after
 * it, less trailing dots and hyphens (so `@ada.` at the end of a sentence names `ada`), and must be 3–32 long.
 *
 * @example
 * mentionTokens('hi @Ada, see ada@example.org') // [{ start: 3, end: 7, name: 'ada' }]
 */
export function mentionTokens(text: string): MentionToken[] {
  const tokens: MentionToken[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    const before = at === 0 ? '' : text.charAt(at - 1);
    if (before !== '' && (NAME_CHAR.test(before) || before === '@')) continue;
    let end = at + 1;
    while (end < text.length && NAME_CHAR.test(text.charAt(end))) end++;
    while (end > at + 1 && /[.-]/.test(text.charAt(end - 1))) end--;
    const name = text.slice(at + 1, end).toLowerCase();
    if (name.length >= LIMITS.usernameMin && name.length <= LIMITS.usernameMax) tokens.push({ start: at, end, name });
  }
  return tokens;
}

/** The distinct usernames a text's `@name` tokens may name, in the order they first appear. */
export function mentionedNames(text: string): string[] {
  return [...new Set(mentionTokens(text).map((token) => token.name))];
}
