// How a chat and its last message are named in the list and headers.

import type { Chat, Message } from '@ichat/sdk';
import { fill, type WidgetStrings } from './widget-strings.js';

/** The group's name, or the other person's username. */
export function chatName(chat: Chat): string {
  return chat.name ?? chat.peer?.username ?? chat.members.map((m) => m.username).join(', ');
}

/** The username of a room member, or '' when they have left. */
export function memberName(chat: Chat | undefined, userId: number): string {
  return chat?.members.find((m) => m.id === userId)?.username ?? '';
}

/** The list's one-line preview of the last message. */
export function previewText(chat: Chat, message: Message | null, me: number | undefined, t: WidgetStrings): string {
  if (message === null) return '';
  if (message.deleted) return t.deleted;
  const firstLine = message.text.split('\n', 1)[0] ?? '';
  // A system message has no sender to name.
  if (message.senderId === null) return firstLine;
  if (message.senderId === me) return t.youPrefix + firstLine;
  return chat.kind === 'group' ? `${memberName(chat, message.senderId)}: ${firstLine}` : firstLine;
}

/** "grace is typing…", "grace, linus are typing…", or '' when nobody is. */
export function typingText(typers: readonly string[], t: WidgetStrings): string {
  if (typers.length === 0) return '';
  return typers.length === 1 ? fill(t.typingOne, { name: typers[0] ?? '' }) : fill(t.typingMany, { names: typers.join(', ') });
}
