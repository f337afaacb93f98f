// Whether a new message deserves a browser notification, and what it says: the one place that decides.

import type { Chat, Message } from '@ichat/sdk';
import { chatName, filesPreview, memberName } from '../shared/chat-names.js';
import { fill, type WidgetStrings } from '../shared/widget-strings.js';

/** What a notification shows; `tag` is the room, so a newer message of the room replaces the older notification. */
export interface NotificationContent {
  title: string;
  body: string;
  tag: string;
}

/** What the decision needs besides the message. */
export interface NotifyContext {
  /** The signed-in user. */
  me: number;
  /** The message's room in the chat list, if it is there. */
  chat: Chat | undefined;
  /** The room on screen now (open, the panel shown, the page visible), if any. */
  inView: number | null;
  /** Per room, the newest seq when the page's session loaded: older messages were there before and are not news. */
  loadedSeq: ReadonlyMap<number, number>;
}

const EXCERPT_MAX = 120;

/** The message's text on one line, cut at a word boundary near {@link EXCERPT_MAX} characters. */
export function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= EXCERPT_MAX) return line;
  const cut = line.slice(0, EXCERPT_MAX);
  const space = cut.lastIndexOf(' ');
  return `${space > EXCERPT_MAX / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * The notification for a message, or undefined when there must be none: the visitor's own message, a deleted one, one
 * from before the page loaded, one in a muted room (unless it mentions the visitor) or a room not (or no longer) in the
 * list, or one in the room the visitor is looking at.
 */
export function notificationFor(message: Message, context: NotifyContext, t: WidgetStrings): NotificationContent | undefined {
  const { chat } = context;
  if (chat === undefined || message.deleted || message.senderId === context.me) return undefined;
  if (chat.muted && message.mentions?.includes(context.me) !== true) return undefined;
  if (message.roomId === context.inView || message.seq <= (context.loadedSeq.get(message.roomId) ?? 0)) return undefined;
  const room = chatName(chat);
  // A system message has no sender: the room names it. A direct chat is named after the sender already.
  const sender = message.senderId === null ? '' : memberName(chat, message.senderId);
  const title = sender === '' || chat.kind === 'direct' ? room : fill(t.notifyIn, { name: sender, room });
  return { title, body: excerpt(message.text) || filesPreview(message, t), tag: String(message.roomId) };
}
