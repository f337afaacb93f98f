// The moderation dialogs' strings: in the lazy part, not in widget.js, and overridable by a host through
// `element.strings = { moderation: { … } }`.

import type { ReportReason } from '@ichat/sdk';
import type { Widen } from '../../strings.js';

export const MODERATION_STRINGS = {
  reportTitle: 'Report message',
  reportIntro: 'The administrators of this chat will see the message and a few around it.',
  reason: 'Reason',
  reasons: {
    spam: 'Spam',
    harassment: 'Harassment or bullying',
    hate: 'Hate speech',
    sexual: 'Sexual content',
    violence: 'Violence or threats',
    other: 'Something else',
  } satisfies Record<ReportReason, string>,
  note: 'Anything to add? (optional)',
  noteRequired: 'Tell us what is wrong.',
  sendReport: 'Send report',
  reported: 'Thanks. The administrators will look at it.',
  blockTitle: 'Block {name}?',
  blockIntro: '{name} won’t be able to message you or see when you’re online. Group chats stay as they are.',
  block: 'Block',
  unblockTitle: 'Unblock {name}?',
  unblockIntro: 'You blocked {name}. Unblock them to message each other again.',
  unblock: 'Unblock',
  tooMany: 'Too many reports for now. Try again later.',
} as const;

export type ModerationStrings = Widen<typeof MODERATION_STRINGS>;

/** Host overrides: any subset, nested `reasons` included. */
export type ModerationStringOverrides = Partial<Omit<ModerationStrings, 'reasons'>> & { reasons?: Partial<ModerationStrings['reasons']> };

export function mergeModerationStrings(overrides: ModerationStringOverrides | undefined): ModerationStrings {
  return { ...MODERATION_STRINGS, ...overrides, reasons: { ...MODERATION_STRINGS.reasons, ...overrides?.reasons } };
}
