// The user's chat list: a server snapshot kept current by live events, newest activity first, with presence.

import type { Chat, Message, PublicUser, ReadState } from '@ichat/protocol';

/** Newest activity first; equal times by newest room, so the order is stable. */
function byActivity(a: Chat, b: Chat): number {
  return b.lastActivityAt - a.lastActivityAt || b.roomId - a.roomId;
}

/**
 * Whether preview `a` is newer than `b`: a later message, or the same message changed later (an edit, a deletion, a
 * reaction). Two chats with the same last seq can still show different messages: a read raises the last seq before
 * the feed delivers the messages up to it, so the list's own preview may be an older message, edited since.
 */
function newer(a: Message | null, b: Message | null): boolean {
  return ((a?.seq ?? 0) - (b?.seq ?? 0) || (a?.changeSeq ?? 0) - (b?.changeSeq ?? 0)) > 0;
}

/**
 * The chat list as the server would answer `chats.list` now. Each `apply…` returns whether anything changed, so the
 * client emits `chats` only when the list really moved.
 */
export class ChatList {
  readonly #chats = new Map<number, Chat>();
  readonly #online = new Set<number>();
  /**
   * Per room, the seqs of the messages this list counted as unread from live deliveries and has not seen read (negative
   * when the message mentions the user), so a server view computed before some of them (an answer that was on its way)
   * can be given exactly those on top of its own counts.
   */
  readonly #counted = new Map<number, number[]>();
  /**
   * Per room, the deletions of others' unread messages that this list's counts already leave out, with the room's change
   * seq at each: so a deletion is counted down once however it comes, and a server view computed before it (its change
   * seq lower), which still counts that message, is given it out again (an answer that was on its way, or a resume's
   * snapshot read before a deletion the feed then folds into a message it holds).
   */
  readonly #deleted = new Map<number, { seq: number; changeSeq: number }[]>();
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

  /**
   * Replaces everything with a fresh `chats.list` answer. The server computed it at some instant: what this list already
   * applied after that instant (a message or an edit that came live while the answer was on its way) is kept.
   */
  replace(chats: readonly Chat[], online: readonly number[]): void {
    const known = new Map(this.#chats);
    this.#chats.clear();
    for (const chat of chats) this.#chats.set(chat.roomId, this.#merged(known.get(chat.roomId), chat));
    for (const roomId of this.#counted.keys()) if (!this.#chats.has(roomId)) this.#counted.delete(roomId);
    for (const roomId of this.#deleted.keys()) if (!this.#chats.has(roomId)) this.#deleted.delete(roomId);
    this.#online.clear();
    for (const userId of online) this.#online.add(userId);
    this.#sorted = undefined;
  }

  /**
   * A message delivered to the app, from `me`'s point of view. A message the list already counts (a snapshot can be
   * newer than the feed) changes nothing, unless it comes in a newer state than the list's view of it: the preview with
   * an edit made since, or a deletion made since (a resume delivers messages with what changed folded in, and a change
   * folded into a delivery is not applied again).
   */
  applyMessage(message: Message, me: number): boolean {
    const chat = this.#chats.get(message.roomId);
    if (chat === undefined) return false;
    if (message.seq <= chat.lastSeq) {
      const preview = chat.lastMessage;
      // Past the preview: a read's counts took it in before the feed delivered it; it moves the preview only.
      const later = message.seq > (preview?.seq ?? 0);
      if (later) this.#set({ ...chat, lastMessage: message, lastActivityAt: Math.max(chat.lastActivityAt, message.createdAt) });
      const newerPreview = preview?.seq === message.seq && message.changeSeq > preview.changeSeq;
      const deletedSince = message.deleted && message.changeSeq > chat.changeSeq;
      return ((newerPreview || deletedSince) && this.applyMessageUpdate(message, me)) || later;
    }
    const othersUnread = message.senderId !== me && message.seq > chat.readSeq;
    // Delivered deleted (its deletion folded in): never counted here, and a view from before the deletion is told so.
    if (othersUnread && message.deleted) this.#logDeletion(message.roomId, message.seq, message.changeSeq);
    const counts = othersUnread && !message.deleted;
    const mentionsMe = counts && message.mentions?.includes(me) === true;
    if (counts) this.#count(message.roomId, mentionsMe ? -message.seq : message.seq);
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
   * event does not say whom it mentioned before, so the server pushes the mentioned count as a fresh `chat`.) Each
   * deletion is taken out of the counts once, whether it comes as a change, folded into a delivery, or both.
   */
  applyMessageUpdate(message: Message, me: number): boolean {
    const chat = this.#chats.get(message.roomId);
    if (chat === undefined) return false;
    const preview = chat.lastMessage;
    const isLast = preview?.seq === message.seq && message.changeSeq >= preview.changeSeq;
    const firstDeletion = message.deleted && message.senderId !== me && message.seq > chat.readSeq && !this.#logged(message.roomId, message.seq);
    if (firstDeletion) this.#logDeletion(message.roomId, message.seq, message.changeSeq);
    // The counts are the server's as of the room's change seq (a snapshot, a pushed chat): a deletion up to it, which a
    // resume's change feed fetches again from its older cursor, is already out of them. A message past the list's last
    // seq is not counted yet: it comes from the feed in its state now, deleted.
    const uncount = firstDeletion && message.changeSeq > chat.changeSeq && message.seq <= chat.lastSeq && chat.unread > 0;
    if (!isLast && !uncount) return false;
    if (uncount) this.#forget(message.roomId, (seq) => seq === message.seq);
    this.#set({
      ...chat,
      lastMessage: isLast ? message : preview,
      unread: chat.unread - (uncount ? 1 : 0),
    });
    return true;
  }

  /**
   * A room appeared or changed. The server computed it at some instant; if this list already knows newer messages,
   * those (and the unread count that goes with them) are kept, as is a newer state of the same last message.
   */
  applyChat(chat: Chat): boolean {
    this.#set(this.#merged(this.#chats.get(chat.roomId), chat));
    return true;
  }

  /** The user left or was removed from a room. */
  remove(roomId: number): boolean {
    const removed = this.#chats.delete(roomId);
    this.#counted.delete(roomId);
    this.#deleted.delete(roomId);
    if (removed) this.#sorted = undefined;
    return removed;
  }

  /**
   * The user's read marker moved. Only a move changes anything: a marker older than the list's (replies racing on two
   * tabs) must not bring unread messages back, and the same marker again (another device's read of messages already
   * read, or a read's answer after its event) has counts from a later instant, which may hold messages the feed has not
   * delivered yet (it holds them while a resume fills the gap before them): the list counts those as they come. A read
   * that says which last seq and change seq its counts are as of is merged like a server view: the list adds what it
   * counted past that last seq and takes out what it saw deleted since, and does not count again the messages up to it
   * that the feed delivers later. From an older server, without them, its counts are taken as they are.
   */
  applyRead(read: ReadState): boolean {
    const { roomId, readSeq, lastSeq, changeSeq } = read;
    const chat = this.#chats.get(roomId);
    if (chat === undefined || readSeq <= chat.readSeq) return false;
    this.#forget(roomId, (seq) => seq <= readSeq);
    const deleted = this.#deleted.get(roomId)?.filter((entry) => entry.seq > readSeq) ?? [];
    if (deleted.length > 0) this.#deleted.set(roomId, deleted);
    else this.#deleted.delete(roomId);
    const counted = { ...chat, readSeq, unread: read.unread, mentioned: read.mentioned };
    this.#set(lastSeq === undefined || changeSeq === undefined ? counted : this.#merged(chat, { ...counted, lastSeq, changeSeq }));
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

  /** Logs a counted message; a room's log holds no more than its unread messages, and a read empties it. */
  #count(roomId: number, seq: number): void {
    const log = this.#counted.get(roomId);
    if (log === undefined) this.#counted.set(roomId, [seq]);
    else log.push(seq);
  }

  /** Whether a deletion of the message at `seq` is logged: its counts are done. */
  #logged(roomId: number, seq: number): boolean {
    return this.#deleted.get(roomId)?.some((entry) => entry.seq === seq) === true;
  }

  /** Logs a deletion of another's unread message, once. */
  #logDeletion(roomId: number, seq: number, changeSeq: number): void {
    const log = this.#deleted.get(roomId);
    if (log === undefined) this.#deleted.set(roomId, [{ seq, changeSeq }]);
    else if (!this.#logged(roomId, seq)) log.push({ seq, changeSeq });
  }

  /** A server view without the messages it counts that this list has seen deleted since the view was computed. */
  #withoutDeleted(chat: Chat): Chat {
    const gone =
      this.#deleted
        .get(chat.roomId)
        ?.filter((entry) => entry.changeSeq > chat.changeSeq && entry.seq <= chat.lastSeq && entry.seq > chat.readSeq).length ?? 0;
    return gone === 0 ? chat : { ...chat, unread: Math.max(0, chat.unread - gone) };
  }

  #forget(roomId: number, done: (seq: number) => boolean): void {
    const left = this.#counted.get(roomId)?.filter((seq) => !done(Math.abs(seq))) ?? [];
    if (left.length > 0) this.#counted.set(roomId, left);
    else this.#counted.delete(roomId);
  }

  /**
   * A room as the server computed it at some instant, with what the list already knows past that instant. The counts
   * are the list's when it saw a read the view had not (that read set them, after the view was computed), or when the
   * view is no newer in messages or changes (an answer overtaken by a pushed chat); else the view's, without what the
   * list has seen deleted since and with the messages it counted since. The last message is the newer of the two: by
   * seq, then by its preview (see {@link newer}).
   */
  #merged(known: Chat | undefined, view: Chat): Chat {
    const chat = this.#withoutDeleted(view);
    if (known === undefined) return chat;
    const mine =
      known.readSeq > view.readSeq ||
      (known.readSeq === view.readSeq && view.lastSeq <= known.lastSeq && view.changeSeq <= known.changeSeq);
    const after = this.#counted.get(view.roomId)?.filter((seq) => Math.abs(seq) > view.lastSeq) ?? [];
    const last =
      known.lastSeq > view.lastSeq || (known.lastSeq === view.lastSeq && newer(known.lastMessage, view.lastMessage)) ? known : view;
    return {
      ...chat,
      lastSeq: last.lastSeq,
      lastMessage: last.lastMessage,
      lastActivityAt: Math.max(known.lastActivityAt, view.lastActivityAt),
      readSeq: Math.max(known.readSeq, view.readSeq),
      changeSeq: mine ? Math.max(known.changeSeq, view.changeSeq) : view.changeSeq,
      unread: mine ? known.unread : chat.unread + after.length,
      mentioned: mine ? known.mentioned : chat.mentioned + after.filter((seq) => seq < 0).length,
    };
  }

  #set(chat: Chat): void {
    this.#chats.set(chat.roomId, chat);
    this.#sorted = undefined;
  }
}
