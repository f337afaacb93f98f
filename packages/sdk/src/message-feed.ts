// Exactly-once, in-order delivery per room: live messages are buffered until every gap is filled from history.

import type { Message, Requests } from '@ichat/protocol';
import { PagedFeed } from './paged-feed.js';

/** What a resume recovered in one room. */
export interface RecoveredRoom {
  roomId: number;
  /** The last seq delivered before the outage. */
  fromSeq: number;
  /** The last seq delivered once the room caught up. */
  toSeq: number;
  /** How many messages were delivered while catching up (`toSeq - fromSeq`). */
  count: number;
}

/** The `resumed` event: what was delivered while catching up after an outage, per room and in delivery order. */
export interface ResumeReport {
  rooms: RecoveredRoom[];
  messages: Message[];
  /** How long the client was without an open connection, in ms. */
  outageMs: number;
  /**
   * The edits and deletions made while away to messages delivered before, in the order applied (each also came as a
   * `message.updated` event). Messages in `messages` already carry their changes.
   */
  updates: Message[];
}

/** Fetches the page of a room's messages after `after`, oldest first. */
export type FetchAfter = (roomId: number, after: number) => Promise<Requests['history']['result']>;

interface RoomCursor {
  /** The last seq handed to the app; undefined until the room's starting point is known. */
  delivered: number | undefined;
  /** Messages received ahead of `delivered + 1`, by seq, waiting for the gap before them to fill. */
  readonly ahead: Map<number, Message>;
  filling: Promise<void> | undefined;
  /** Changes to messages not delivered yet, by seq: the message is delivered in this newer state. */
  readonly amended: Map<number, Message>;
}

type HistoryPage = Requests['history']['result'];

/**
 * Keeps, per followed room, the last delivered seq. Every message (live, from history, or a send's ack) goes through
 * {@link MessageFeed.receive}; it reaches `deliver` exactly once and in seq order. A message that arrives past a gap
 * waits while the gap is fetched with `history` `after` the last delivered seq.
 */
export class MessageFeed extends PagedFeed<RoomCursor, HistoryPage, Message> {
  readonly #deliver: (message: Message) => void;

  constructor(fetchAfter: FetchAfter, deliver: (message: Message) => void) {
    super(fetchAfter);
    this.#deliver = deliver;
  }

  /** The rooms followed. */
  get rooms(): number[] {
    return [...this.followed.keys()];
  }

  /**
   * A change to a message that may not have been delivered yet. Returns true when it is held: the message is delivered
   * later in this state, so the change needs no report of its own. False when the app already has the message (it was
   * delivered, or it is history), and the caller reports the change.
   */
  amend(message: Message): boolean {
    const room = this.followed.get(message.roomId);
    if (room === undefined) return false;
    const held = room.ahead.get(message.seq);
    if (room.delivered === undefined) {
      // Not started: only a message already waiting here is still to be delivered.
      if (held === undefined) return false;
      if (held.changeSeq < message.changeSeq) room.ahead.set(message.seq, message);
      return true;
    }
    if (message.seq <= room.delivered) return false;
    const earlier = room.amended.get(message.seq);
    if (earlier === undefined || earlier.changeSeq < message.changeSeq) room.amended.set(message.seq, message);
    return true;
  }

  /** The last seq delivered in a room; undefined if the room is not followed or its start is not yet known. */
  cursor(roomId: number): number | undefined {
    return this.followed.get(roomId)?.delivered;
  }

  /**
   * Follows a room from `lastSeq` (messages up to it count as history, not news). Messages that already arrived for
   * the room are kept and delivered, even if `lastSeq` says they are old: they arrived after the app connected.
   */
  follow(roomId: number, lastSeq: number): void {
    const room = this.followed.get(roomId);
    if (room === undefined) {
      this.followed.set(roomId, { delivered: lastSeq, ahead: new Map(), filling: undefined, amended: new Map() });
      return;
    }
    if (room.delivered !== undefined) return;
    const earliest = Math.min(...room.ahead.keys());
    room.delivered = Math.min(lastSeq, earliest - 1);
    this.#drain(room);
    this.fillIfLive(roomId, room);
  }

  /** Keeps only these rooms, following any new one from its `lastSeq`. */
  reconcile(chats: readonly { roomId: number; lastSeq: number }[]): void {
    const keep = new Set(chats.map((chat) => chat.roomId));
    for (const roomId of this.followed.keys()) {
      if (!keep.has(roomId) && this.followed.get(roomId)?.delivered !== undefined) this.followed.delete(roomId);
    }
    for (const chat of chats) this.follow(chat.roomId, chat.lastSeq);
  }

  /** A message from anywhere: delivered now if it is next, kept if it is ahead, dropped if already delivered. */
  receive(message: Message): void {
    let room = this.followed.get(message.roomId);
    if (room === undefined) {
      room = { delivered: undefined, ahead: new Map(), filling: undefined, amended: new Map() };
      this.followed.set(message.roomId, room);
      // A room we hear of first through a live message: it starts with that message.
      if (this.live) room.delivered = message.seq - 1;
    }
    if (room.delivered !== undefined && message.seq <= room.delivered) return;
    room.ahead.set(message.seq, message);
    if (room.delivered === undefined) return;
    this.#drain(room);
    this.fillIfLive(message.roomId, room);
  }

  /**
   * Catches up every followed room: fetches `history` after the last delivered seq, page by page until `hasMore` is
   * false, delivering in order and dropping what was already delivered. Then live gaps are filled as they appear.
   *
   * @throws {IChatError} `disconnected` when the connection drops meanwhile; call again after the next reconnect.
   */
  async resume(outageMs: number): Promise<Omit<ResumeReport, 'updates'>> {
    const before = new Map([...this.followed].map(([roomId, room]) => [roomId, room.delivered ?? 0]));
    const recovered: Message[] = [];
    await this.fillAll(this.rooms, recovered);
    this.#adoptHeld();
    const rooms: RecoveredRoom[] = [];
    for (const [roomId, fromSeq] of before) {
      const toSeq = this.followed.get(roomId)?.delivered;
      if (toSeq !== undefined && toSeq > fromSeq) rooms.push({ roomId, fromSeq, toSeq, count: toSeq - fromSeq });
    }
    return { rooms, messages: recovered, outageMs };
  }

  /** Marks the feed live without a resume (the first connection has nothing to catch up on). */
  goLive(): void {
    this.live = true;
    this.#adoptHeld();
    for (const [roomId, room] of this.followed) this.fillIfLive(roomId, room);
  }

  protected override fillFrom(room: RoomCursor): number | undefined {
    return room.delivered;
  }

  protected override absorb(roomId: number, room: RoomCursor, page: HistoryPage): number | undefined {
    for (const message of page.messages) {
      if (message.roomId === roomId) room.ahead.set(message.seq, message);
    }
    this.#drain(room);
    const last = page.messages.at(-1);
    if (!page.hasMore || last === undefined) return undefined;
    return Math.max(last.seq, room.delivered ?? 0);
  }

  /** Rooms first heard of through live messages while not live start with their earliest such message. */
  #adoptHeld(): void {
    for (const [roomId, room] of this.followed) {
      if (room.delivered === undefined) this.follow(roomId, Number.MAX_SAFE_INTEGER);
    }
  }

  #drain(room: RoomCursor): void {
    if (room.delivered === undefined) return;
    for (let next = room.ahead.get(room.delivered + 1); next !== undefined; next = room.ahead.get(room.delivered + 1)) {
      room.ahead.delete(next.seq);
      room.delivered = next.seq;
      const latest = newer(next, room.amended.get(next.seq));
      room.amended.delete(next.seq);
      this.recovering?.push(latest);
      this.#deliver(latest);
    }
    for (const seq of room.ahead.keys()) if (seq <= room.delivered) room.ahead.delete(seq);
  }
}

/** The later of two states of one message, by change seq. */
function newer(message: Message, amended: Message | undefined): Message {
  return amended !== undefined && amended.changeSeq > message.changeSeq ? amended : message;
}
