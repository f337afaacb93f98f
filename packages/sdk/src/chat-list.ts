// The user's chat list: a server snapshot kept current by live events, newest activity first, with presence.

import type { Chat, Message, PublicUser } from '@ichat/protocol';

/** Newest activity first; equal times by newest room, so the order is stable. */
function byActivity(a: Chat, b: Chat): number {
  return b.lastActivityAt - a.lastActivityAt || b.roomId - a.roomId;
}

/**
 * The chat list as the server would answer `chats.list` now. Each `apply…` returns whether anything changed, so the
 * client emits `chats` only when the list really moved.
 */
export class ChatList {
  readonly #chats = new Map<number, Chat>();
  readonly #online = new Set<number>();
  #sorted: readonly Chat[] | undefined;

  /** Every chat, newest activity first. The array is rebuilt on change; treat it as read-only. */
  get list(): readonly Chat[] {
    this.#sorted ??= Object.freeze([...this.#chats.values()].sort(byActivity));
    return this.#sorted;
  }

  /** One chat by room id. */
  get(roomId: number): Chat | undefined {
    return this.#chats.get(roomId);
  }

  /** The ids of contacts who are online now. */
  get online(): ReadonlySet<number> {
    return this.#online;
  }

  /** Replaces everything with a fresh `chats.list` answer. */
  replace(chats: readonly Chat[], online: readonly number[]): void {
    this.#chats.clear();
    for (const chat of chats) this.#chats.set(chat.roomId, chat);
    this.#online.clear();
    for (const userId of online) this.#online.add(userId);
    this.#sorted = undefined;
  }

  /** A message delivered to the app, from `me`'s point of view. Older messages than the list knows change nothing. */
  applyMessage(message: Message, me: number): boolean {
    const chat = this.#chats.get(message.roomId);
    if (chat === undefined || message.seq <= chat.lastSeq) return false;
    const counts = message.senderId !== me && !message.deleted && message.seq > chat.readSeq;
    const mentionsMe = counts && message.mentions?.includes(me) === true;
    this.#set({
      ...chat,
      lastSeq: message.seq,
      lastMessage: message,
      lastActivityAt: Math.max(chat.lastActivityAt, message.createdAt),
      unread: chat.unread + (counts ? 1 : 0),
      mentioned: chat.mentioned + (mentionsMe ? 1 : 0),
    });
    return true;
  }

  /**
   * An edited or deleted message: updates the preview, and the unread count when an unread message is deleted. (Its
   * event does not say whom it mentioned before, so the server pushes the mentioned count as a fresh `chat`.)
   */
  applyMessageUpdate(message: Message, me: number): boolean {
    const chat = this.#chats.get(message.roomId);
    if (chat === undefined) return false;
    const isLast = chat.lastMessage?.seq === message.seq;
    const wasCounted = chat.lastMessage?.seq === message.seq ? !chat.lastMessage.deleted : true;
    const uncount =
      message.deleted && wasCounted && message.senderId !== me && message.seq > chat.readSeq && chat.unread > 0;
    if (!isLast && !uncount) return false;
    this.#set({
      ...chat,
      lastMessage: isLast ? message : chat.lastMessage,
      unread: chat.unread - (uncount ? 1 : 0),
    });
    return true;
  }

  /**
   * A room appeared or changed. The server computed it at some instant; if this list already knows newer messages,
   * those (and the unread count that goes with them) are kept.
   */
  applyChat(chat: Chat): boolean {
    const known = this.#chats.get(chat.roomId);
    if (known !== undefined && known.lastSeq > chat.lastSeq) {
      this.#set({
        ...chat,
        lastSeq: known.lastSeq,
        lastMessage: known.lastMessage,
        lastActivityAt: Math.max(known.lastActivityAt, chat.lastActivityAt),
        unread: known.unread,
        mentioned: known.mentioned,
        readSeq: Math.max(known.readSeq, chat.readSeq),
      });
    } else this.#set(chat);
    return true;
  }

  /** The user left or was removed from a room. */
  remove(roomId: number): boolean {
    const removed = this.#chats.delete(roomId);
    if (removed) this.#sorted = undefined;
    return removed;
  }

  /** The user's read marker moved. */
  applyRead(roomId: number, readSeq: number, unread: number, mentioned: number): boolean {
    const chat = this.#chats.get(roomId);
    if (chat === undefined || (chat.readSeq === readSeq && chat.unread === unread && chat.mentioned === mentioned)) return false;
    // A marker older than one already applied (replies racing on two tabs) must not bring unread messages back.
    if (readSeq < chat.readSeq) return false;
    this.#set({ ...chat, readSeq, unread, mentioned });
    return true;
  }

  /** A contact came online or went offline. */
  applyPresence(userId: number, online: boolean): boolean {
    if (this.#online.has(userId) === online) return false;
    if (online) this.#online.add(userId);
    else this.#online.delete(userId);
    return true;
  }

  /** A user's profile changed: every chat that lists them (as a member or as the peer) shows the new one. */
  applyUser(user: PublicUser): boolean {
    let changed = false;
    for (const chat of this.#chats.values()) {
      if (!chat.members.some((member) => member.id === user.id)) continue;
      this.#set({
        ...chat,
        members: chat.members.map((member) => (member.id === user.id ? user : member)),
        peer: chat.peer?.id === user.id ? user : chat.peer,
      });
      changed = true;
    }
    return changed;
  }

  #set(chat: Chat): void {
    this.#chats.set(chat.roomId, chat);
    this.#sorted = undefined;
  }
}
