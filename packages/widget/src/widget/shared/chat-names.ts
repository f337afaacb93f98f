// How people, chats and last messages are named in the list and headers: a display name, else the username.

import type { Chat, Message, PublicUser } from '@ichat/sdk';
import { fill, type WidgetStrings } from './widget-strings.js';

/** The name to show for a person: their display name when they set one, else their username. */
export function personName(user: Pick<PublicUser, 'username' | 'displayName'>): string {
  return user.displayName ?? user.username;
}

/** The group's name, or the other person's name. */
export function chatName(chat: Chat): string {
  if (chat.name !== null) return chat.name;
  return chat.peer !== null ? personName(chat.peer) : chat.members.map(personName).join(', ');
}

/** The name of a room member, or '' when they have left. */
export function memberName(chat: Chat | undefined, userId: number): string {
  const member = chat?.members.find((m) => m.id === userId);
  return member === undefined ? '' : personName(member);
}

/** The list's one-line preview of the last message. */
export function previewText(chat: Chat, message: Message | null, me: number | undefined, t: WidgetStrings): string {
  if (message === null) return '';
  if (message.deleted) return t.deleted;
  const firstLine = message.text.split('\n', 1)[0] || filesPreview(message, t);
  // A system message has no sender to name.
  if (message.senderId === null) return firstLine;
  if (message.senderId === me) return t.youPrefix + firstLine;
  return chat.kind === 'group' ? `${memberName(chat, message.senderId)}: ${firstLine}` : firstLine;
}

/** What a message of files alone holds, in a few words ('' for a message without files). */
export function filesPreview(message: Message, t: WidgetStrings): string {
  const files = message.attachments ?? [];
  const [first] = files;
  if (first === undefined) return '';
  return files.length === 1 ? fill(t.fileOnePreview, { name: first.name }) : fill(t.fileManyPreview, { count: String(files.length) });
}

/** "grace is typing…", "grace, linus are typing…", or '' when nobody is. */
export function typingText(typers: readonly string[], t: WidgetStrings): string {
  if (typers.length === 0) return '';
  return typers.length === 1 ? fill(t.typingOne, { name: typers[0] ?? '' }) : fill(t.typingMany, { names: typers.join(', ') });
}
