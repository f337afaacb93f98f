// The chat-list part of the store contract: rooms as one member sees them, with preview, marker and unread count.

import type { Chat } from '@ichat/protocol';

/**
 * Read-only views that join rooms, members, the last message and a member's read marker. A view's `peer` is the other
 * member of a direct room (null for groups), `members` are longest-standing first, `lastMessage` is the message at the
 * room's last seq (a tombstone if it was deleted) or null, and `unread` counts others' (and system) messages after the member's
 * marker that are not deleted (in a muted room too), and `muted` is that member's own choice.
 */
export interface ChatViewStore {
  /** The user's chat list, newest activity first (ties: newest room first). */
  list(userId: number): Promise<Chat[]>;
  /** One room as the user sees it, or undefined when they are not a member. */
  view(roomId: number, userId: number): Promise<Chat | undefined>;
  /** One room as each of these users sees it, in a fixed number of queries; users who are not members are left out. */
  views(roomId: number, userIds: readonly number[]): Promise<Map<number, Chat>>;
}
