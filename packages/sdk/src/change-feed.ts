// Exactly-once edits and deletions per room: live changes are applied in change-seq order, gaps filled from the server.

import type { Message, Requests } from '@ichat/protocol';
import { PagedFeed } from './paged-feed.js';

/** Fetches the messages of a room changed after change seq `after`, in change order. */
export type FetchChanges = (roomId: number, after: number) => Promise<Requests['message.changes']['result']>;

interface RoomChanges {
  /** The last change seq applied. */
  applied: number;
  /** The room's change seq the server last reported (chat list): a resume fetches up to it. */
  known: number;
  /** Live changes received past `applied + 1`, by change seq, waiting for the gap before them to fill. */
  readonly ahead: Map<number, Message>;
  filling: Promise<void> | undefined;
  /**
   * The cursor at which a fill found the server caught up while changes were still held past a gap: filling again from
   * there would fetch the same empty answer forever, so the next try waits for a live change or a resume.
   */
  stalledAt: number | undefined;
}

type ChangesPage = Requests['message.changes']['result'];

/**
 * Keeps, per followed room, the last change seq applied. Every change (a live `message.updated` or a page of
 * `message.changes`) goes through here and reaches `apply` once, in change order; one that arrives past a gap waits
 * while the gap is fetched. A page holds each message at its latest, so a message changed twice while the client was
 * away is applied once, as it is now.
 */
export class ChangeFeed extends PagedFeed<RoomChanges, ChangesPage, Message> {
  readonly #apply: (message: Message) => void;

  constructor(fetch: FetchChanges, apply: (message: Message) => void) {
    super(fetch);
    this.#apply = apply;
  }

  /** The last change seq applied in a room; undefined if the room is not followed. */
  cursor(roomId: number): number | undefined {
    return this.followed.get(roomId)?.applied;
  }

  /**
   * Follows a room whose change seq is `changeSeq` now. A new room starts there (what happened before is in the
   * history the app loads); a followed one keeps its cursor and remembers the target for the next resume.
   */
  follow(roomId: number, changeSeq: number): void {
    const room = this.followed.get(roomId);
    if (room === undefined) this.followed.set(roomId, { applied: changeSeq, known: changeSeq, ahead: new Map(), filling: undefined, stalledAt: undefined });
    else room.known = Math.max(room.known, changeSeq);
  }

  /** Keeps only these rooms, following any new one from its change seq and noting how far the others are behind. */
  reconcile(chats: readonly { roomId: number; changeSeq: number }[]): void {
    const keep = new Set(chats.map((chat) => chat.roomId));
    for (const roomId of this.followed.keys()) if (!keep.has(roomId)) this.followed.delete(roomId);
    for (const chat of chats) this.follow(chat.roomId, chat.changeSeq);
  }

  /** A live change: applied now if it is next, kept if it is ahead, dropped if already applied. */
  receive(message: Message): void {
    let room = this.followed.get(message.roomId);
    if (room === undefined) {
      // A room heard of first through a change: it starts just before it.
      room = { applied: message.changeSeq - 1, known: message.changeSeq, ahead: new Map(), filling: undefined, stalledAt: undefined };
      this.followed.set(message.roomId, room);
    }
    if (message.changeSeq <= room.applied) return;
    room.ahead.set(message.changeSeq, message);
    this.#drain(room);
    this.fillIfLive(message.roomId, room);
  }

  /**
   * Catches up every room that is behind the change seq the chat list reported, or holds changes past a gap, then
   * goes live. Returns the changes applied meanwhile, in the order applied.
   *
   * @throws {IChatError} `disconnected` when the connection drops meanwhile; call again after the next reconnect.
   */
  async resume(): Promise<Message[]> {
    const applied: Message[] = [];
    const behind = [...this.followed].filter(([, room]) => room.known > room.applied || room.ahead.size > 0);
    await this.fillAll(behind.map(([roomId]) => roomId), applied);
    return applied;
  }

  /** Goes live without a resume: the first connection has nothing to catch up on. */
  goLive(): void {
    this.live = true;
    for (const [roomId, room] of this.followed) this.fillIfLive(roomId, room);
  }

  protected override fillFrom(room: RoomChanges): number {
    return room.applied;
  }

  protected override absorb(roomId: number, room: RoomChanges, page: ChangesPage): number | undefined {
    for (const message of page.messages) {
      if (message.roomId === roomId && message.changeSeq > room.applied) this.#applyNow(room, message);
    }
    this.#drain(room);
    if (page.hasMore && page.messages.length > 0) return room.applied;
    if (room.ahead.size > 0) room.stalledAt = room.applied;
    return undefined;
  }

  /** Changes that came in past what the pages held wait on a gap of their own, unless the server had nothing more. */
  protected override filled(roomId: number, room: RoomChanges): void {
    if (room.stalledAt === room.applied) return;
    this.fillIfLive(roomId, room);
  }

  #applyNow(room: RoomChanges, message: Message): void {
    room.applied = message.changeSeq;
    room.known = Math.max(room.known, room.applied);
    this.recovering?.push(message);
    this.#apply(message);
  }

  #drain(room: RoomChanges): void {
    for (const seq of room.ahead.keys()) if (seq <= room.applied) room.ahead.delete(seq);
    for (let next = room.ahead.get(room.applied + 1); next !== undefined; next = room.ahead.get(room.applied + 1)) {
      room.ahead.delete(next.changeSeq);
      this.#applyNow(room, next);
    }
  }
}
