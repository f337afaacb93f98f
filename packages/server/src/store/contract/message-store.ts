// The messages part of the store contract: group-committed appends, edits, tombstones, history and read markers.

import type { Message } from '@ichat/protocol';

/**
 * A message waiting for the next group commit: what the sender gave, before the store assigns its id and seq. (Not the
 * SDK outbox's `OutboxEntry`, which is the client's copy of an unacknowledged send.)
 */
export interface QueuedMessage {
  roomId: number;
  /** The author, or null for a system message (sent through the server API). */
  senderId: number | null;
  clientMsgId: string;
  text: string;
  createdAt: number;
  /**
   * Uploads of the sender's that no message took yet, which this message takes (listed in upload order). Any that is
   * not such an upload refuses the message: `validation_failed` (field `attachments`).
   */
  attachmentIds?: readonly number[];
  /**
   * The seq of the message in the same room that this one answers. It must exist and not be deleted, else the message
   * is refused: `validation_failed` (field `replyTo`).
   */
  replyToSeq?: number;
}

/** A reaction added or taken back, as a message store applies it. */
export interface ReactionChange {
  roomId: number;
  seq: number;
  userId: number;
  emoji: string;
  /** True to add the reaction, false to take it back. */
  added: boolean;
  now: number;
}

/** What a reaction change did: the message as it is now, and whether anything changed (adding twice does not). */
export interface ReactionResult {
  message: Message;
  changed: boolean;
}

/** Who reacted with one emoji: the first of them, earliest first, and how many in all. */
export interface Reactors {
  userIds: number[];
  count: number;
}

/** The outcome of one queued message: stored now, or found stored by an earlier send with the same id. */
export interface AppendResult {
  message: Message;
  duplicate: boolean;
}

/** A page of history. */
export interface HistoryPage {
  messages: Message[];
  hasMore: boolean;
}

/** Which page of history: newest before a seq, or oldest after one. */
export type HistoryQuery = { before?: number; after?: number; limit: number };

/** Where one room's page starts: the messages after seq `after`. */
export interface RoomCursor {
  roomId: number;
  after: number;
}

/**
 * A member's read marker in a room, how many messages from others after it are still there to read, and how many of
 * those mention the member; with the room's last seq and change seq as of those counts, read in the same snapshot.
 */
export interface ReadMarker {
  readSeq: number;
  unread: number;
  mentioned: number;
  lastSeq: number;
  changeSeq: number;
}

/**
 * Messages. Each room numbers its messages 1, 2, 3… with no gap (`seq`); a deleted message stays as a tombstone with
 * its seq, so clients can tell a deletion from a gap. Unread counts only messages from others (system messages
 * included) that are not deleted.
 */
export interface MessageStore {
  /**
   * Stores a batch in one transaction, assigning each room's next seqs in order. Idempotent per clientMsgId.
   *
   * Results come in the batch's order. A message whose `(senderId, clientMsgId)` is already stored, by an earlier
   * batch or earlier in this one, is not stored again: its result is the stored message with `duplicate: true`. A
   * system message (no sender) is a duplicate of the system message with its clientMsgId in the same room. Each
   * stored message moves its room's last seq and last activity (to its `createdAt`). A message that takes uploads
   * (`attachmentIds`) takes them in the same transaction; a duplicate takes none (the first send took them). Each
   * stored message's `mentions` are the room's members (the sender aside) its `@name` tokens name, found and stored in
   * the same transaction; a name that is no member's is plain text.
   *
   * @throws {IChatError} `validation_failed` (field `clientMsgId`) when the sender used that clientMsgId for a message
   * in another room, or (field `attachments`) when an attachment id is not an untaken upload of the sender's;
   * `not_found` when a room does not exist. Then nothing of the batch is stored.
   */
  append(batch: readonly QueuedMessage[]): Promise<AppendResult[]>;
  /**
   * The message (or tombstone) at this seq, or undefined. Every read that returns messages (this one, `history`,
   * `changes`, `append`, `edit`, `react`) gives each its `attachments` and `reactions`, except a tombstone's, and
   * each reply its `replyTo`, read from the original as it is now.
   */
  find(roomId: number, seq: number): Promise<Message | undefined>;
  /**
   * Replaces a message's text and sets its `editedAt`; returns the edited message, stamped with the room's next change
   * seq. Its mentions are found again in the new text, among the room's members now.
   *
   * @throws {IChatError} `not_found` when there is no such message or it was deleted.
   */
  edit(roomId: number, seq: number, text: string, now: number): Promise<Message>;
  /**
   * Leaves a tombstone: the row stays with its seq, its text and mentions are erased.
   *
   * @throws {IChatError} `not_found` when there is no such message or it was deleted already.
   */
  delete(roomId: number, seq: number, now: number): Promise<Message>;
  /**
   * A page of at most `limit` messages (tombstones included) in ascending seq order: the oldest after `after`, or
   * else the newest before `before` (or the newest of all). `hasMore` tells whether more lie beyond the page in the
   * direction read.
   */
  history(roomId: number, query: HistoryQuery): Promise<HistoryPage>;
  /**
   * For each room, the page `history` gives `after` its cursor with this `limit`, by room id: one statement for up to
   * 200 rooms, as a cluster node fills the gaps of every room it follows at once.
   */
  historyAfter(cursors: readonly RoomCursor[], limit: number): Promise<Map<number, HistoryPage>>;
  /**
   * At most `limit` messages (tombstones included) whose latest change came after change seq `after`, in their current
   * state, in ascending `changeSeq` order; `hasMore` tells whether more follow. Edits, deletions and reaction changes
   * advance the room's change seq by one, in the transaction that changes the message, and stamp the message with it.
   */
  changes(roomId: number, after: number, limit: number): Promise<HistoryPage>;
  /**
   * Adds or takes back one user's reaction. A change advances the room's change seq onto the message (as an edit
   * does) in the same transaction; adding a reaction that is there, or taking back one that is not, changes nothing.
   *
   * @throws {IChatError} `not_found` (field `seq`) when there is no such message or it was deleted.
   */
  react(change: ReactionChange): Promise<ReactionResult>;
  /**
   * The first `limit` users who reacted to the message at `seq` with `emoji`, and how many did.
   *
   * @throws {IChatError} `not_found` (field `seq`) when there is no such message.
   */
  reactors(roomId: number, seq: number, emoji: string, limit: number): Promise<Reactors>;
  /** The emoji `userId` reacted with, by message id, for those of these messages they reacted to. */
  reactionsOf(userId: number, messageIds: readonly number[]): Promise<Map<number, string[]>>;
  /**
   * Moves the user's read marker forward (never back, never past the last message) and returns it with the unread count
   * and the room's last seq and change seq that count is as of.
   */
  markRead(roomId: number, userId: number, seq: number): Promise<ReadMarker>;
}
