// The strings of replies and reactions: in the lazy part, not in widget.js, and overridable by a host through
// `element.strings = { reactions: { … } }`. The "Reply" and "React" buttons themselves are in the main catalog.

import type { Widen } from '../../strings.js';

export const REACTION_STRINGS = {
  replyingTo: 'Replying to {name}',
  cancelReply: 'Cancel reply',
  quoteOf: 'Reply to {name}: go to the message',
  deletedOriginal: 'Deleted message',
  someone: 'Someone',
  reactionMenu: 'Add a reaction',
  reactWith: 'React with {emoji}',
  reactedBy: '{emoji} by {names}',
  more: '+{count} more',
} as const;

export type ReactionStrings = Widen<typeof REACTION_STRINGS>;

/** Host overrides: any subset. */
export type ReactionStringOverrides = Partial<ReactionStrings>;

export function mergeReactionStrings(overrides: ReactionStringOverrides | undefined): ReactionStrings {
  return { ...REACTION_STRINGS, ...overrides };
}
