// Which members a name typed after `@` may mean, best first: the ranking the autocomplete offers them in.

import type { PublicUser } from '@ichat/sdk';

/**
 * How well a member matches what was typed (lower is better), or undefined for no match: the username itself, then a
 * username it starts, then a word of the display name it starts, then anywhere in the display name.
 */
function rank(member: PublicUser, typed: string): number | undefined {
  if (member.username === typed) return 0;
  if (member.username.startsWith(typed)) return 1;
  const display = (member.displayName ?? '').toLowerCase();
  if (display === '') return undefined;
  if (display.split(/\s+/).some((word) => word.startsWith(typed))) return 2;
  return display.includes(typed) ? 3 : undefined;
}

/**
 * The members other than `me` that `typed` (lower case) may mean, best match first and, among equals, in the room's
 * order (longest-standing first), at most `limit` of them.
 */
export function mentionMatches(members: readonly PublicUser[], typed: string, me: number | undefined, limit: number): PublicUser[] {
  const ranked: { member: PublicUser; rank: number }[] = [];
  for (const member of members) {
    const found = member.id === me ? undefined : rank(member, typed);
    if (found !== undefined) ranked.push({ member, rank: found });
  }
  // Array sort is stable: equal ranks keep the room's order.
  return ranked.sort((a, b) => a.rank - b.rank).slice(0, limit).map((entry) => entry.member);
}
