// The client's public event map: every event an app can listen to, with its payload type.

import type { StateChange } from './reconnecting-socket.js';
import type { OutboxEntry } from './outbox.js';
import type { Chat, Events, IChatError, Me, Message, ServerLimits } from '@ichat/protocol';
import type { ResumeReport } from './message-feed.js';

/** The `ready` event: the first successful connection, with the chat list loaded. */
export interface ReadyEvent {
  user: Me;
  chats: readonly Chat[];
  limits: ServerLimits;
}

/** The `sent` event: a pending message was acknowledged (also for sends restored from storage after a reload). */
export interface SentEvent {
  pending: OutboxEntry;
  message: Message;
  /** True when the server had already stored this `clientMsgId` (an ack was lost and the send was repeated). */
  duplicate: boolean;
}

/** The `send.failed` event: the server refused a pending message for good (it is no longer pending). */
export interface SendFailedEvent {
  pending: OutboxEntry;
  error: IChatError;
}

/**
 * Every event of an {@link IChatClient}, by name, with its payload.
 *
 * @example
 * ```ts
 * client.on('message', (message) => render(message));
 * client.on('state', ({ state, reason }) => showBanner(state, reason));
 * ```
 */
export interface ClientEvents {
  /** The connection state changed. */
  state: StateChange;
  /** First connection established and the chat list loaded. */
  ready: ReadyEvent;
  /** After a reconnect, every followed room caught up; lists what was delivered while catching up. */
  resumed: ResumeReport;
  /** The token was refused or revoked; the client stopped reconnecting. Log in again to continue. */
  unauthorized: IChatError;
  /**
   * The user was banned (close code 4003): the client closed for good and does not reconnect, nor renew its session
   * with a token provider. Every sign-in of theirs is refused with `banned` until the host site lifts the ban.
   */
  banned: IChatError;
  /** A new message (a `kind: 'system'` one has no sender: the host site's backend posted it), delivered exactly once per message and in seq order within its room. */
  message: Message;
  /** A message was edited or deleted. */
  'message.updated': Message;
  /** The chat list changed (order, previews, unread counts, rooms added or removed). */
  chats: readonly Chat[];
  /** A room appeared in the chat list or changed. */
  chat: Chat;
  /** The user left or was removed from a room. */
  'chat.removed': Events['chat.removed'];
  /**
   * The user's read marker moved (on this or another device). The room's last seq and change seq that the counts are
   * as of stay inside the chat list, which needs them.
   */
  read: Omit<Events['read'], 'lastSeq' | 'changeSeq'>;
  /** Another member who shares read receipts read on in a room (only while this user shares too). */
  receipt: Events['receipt'];
  /** This user turned sharing read receipts on or off (on this or another device). */
  'receipts.sharing': Events['receipts.sharing'];
  /** Someone is typing in a room. */
  typing: Events['typing'];
  /** A contact came online or went offline. */
  presence: Events['presence'];
  /**
   * Someone's display name or avatar changed: a contact, or the signed-in user (on this or another device). The chat
   * list and {@link IChatClient.user} already show the change when this fires.
   */
  'user.updated': Events['user.updated'];
  /** Administrators only: a new account was created. */
  'user.registered': Events['user.registered'];
  /** This user blocked or unblocked someone (on this or another device). */
  'user.blocks': Events['user.blocks'];
  /** Administrators only: a message was reported. */
  'report.created': Events['report.created'];
  /** Administrators only: an administrator took a moderation action. */
  'moderation.action': Events['moderation.action'];
  /** The pending (unacknowledged) messages changed. */
  outbox: readonly OutboxEntry[];
  /** A pending message was stored by the server. */
  sent: SentEvent;
  /** A pending message was refused for good. */
  'send.failed': SendFailedEvent;
  /** A problem that did not stop the client: an unreadable frame, a storage failure, a failed resync. */
  error: IChatError;
}
