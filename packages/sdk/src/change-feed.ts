// Exactly-once edits and deletions per room: live changes are applied in change-seq order, gaps filled from the server.

import { IChatError, type Message, type Requests } from '@ichat/protocol';

/** Fetches the messages of a room changed after change seq `after`, in change order. */
export type FetchChanges = (roomId: number, after: number) => Promise<Requests['message.changes']['result']>;

interface RoomChanges {
  /** The last change seq applied. */
  applied: number;
  /** The room's change seq the server last reported (chat list): a resume fetches up to it. */
  known: number;
  /** Live changes received past `applied + 1`, by change seq, waiting for the gap before them to fill. */
  readonly ahead: Map<number, Message>;
  /** The fill under way, if any. */
  filling: Promise<void> | undefined;
}

/** A cap on pages per room per fill, as in the message feed: a server that always says `hasMore` cannot spin us. */
const MAX_PAGES_PER_FILL = 100_000;

/**
 * Keeps, per followed room, the last change seq applied. Every change (a live `message.updated` or a page of
 * `message.changes`) goes through here and reaches `apply` once, in change order; one that arrives past a gap waits
 * while the gap is fetched. A page holds each message at its latest, so a message changed twice while the client was
 * away is applied once, as it is now.
 */
export class ChangeFeed {
  readonly #rooms = new Map<number, RoomChanges>();
  readonly #fetch: FetchChanges;
  readonly #apply: (message: Message) => void;
  /** Bumped on every disconnect so fills started on a dead socket stop instead of racing the next resume. */
  #generation = 0;
  #live = false;
  #recovering: Message[] | undefined;

  constructor(fetch: FetchChanges, apply: (message: Message) => void) {
    this.#fetch = fetch;
    this.#apply = apply;
  }

  /** The last change seq applied in a room; undefined if the room is not followed. */
  cursor(roomId: number): number | undefined {
    return this.#rooms.get(roomId)?.applied;
  }

  /**
   * Follows a room whose change seq is `changeSeq` now. A new room starts there (what happened before is in the
   * history the app loads); a followed one keeps its cursor and remembers the target for the next resume.
   */
  follow(roomId: number, changeSeq: number): void {
    const room = this.#rooms.get(roomId);
    if (room === undefined) this.#rooms.set(roomId, { applied: changeSeq, known: changeSeq, ahead: new Map(), filling: undefined });
    else room.known = Math.max(room.known, changeSeq);
  }

  unfollow(roomId: number): void {
    this.#rooms.delete(roomId);
  }

  /** Keeps only these rooms, following any new one from its change seq and noting how far the others are behind. */
  reconcile(chats: readonly { roomId: number; changeSeq: number }[]): void {
    const keep = new Set(chats.map((chat) => chat.roomId));
    for (const roomId of this.#rooms.keys()) if (!keep.has(roomId)) this.#rooms.delete(roomId);
    for (const chat of chats) this.follow(chat.roomId, chat.changeSeq);
  }

  /** A live change: applied now if it is next, kept if it is ahead, dropped if already applied. */
  receive(message: Message): void {
    let room = this.#rooms.get(message.roomId);
    if (room === undefined) {
      // A room heard of first through a change: it starts just before it.
      room = { applied: message.changeSeq - 1, known: message.changeSeq, ahead: new Map(), filling: undefined };
      this.#rooms.set(message.roomId, room);
    }
    if (message.changeSeq <= room.applied) return;
    room.ahead.set(message.changeSeq, message);
    this.#drain(room);
    this.#fillIfLive(message.roomId, room);
  }

  /** The socket is gone: fills are abandoned, gaps wait for the next {@link ChangeFeed.resume}. */
  pause(): void {
    this.#generation += 1;
    this.#live = false;
    for (const room of this.#rooms.values()) room.filling = undefined;
  }

  /**
   * Catches up every room that is behind the change seq the chat list reported, or holds changes past a gap, then
   * goes live. Returns the changes applied meanwhile, in the order applied.
   *
   * @throws {IChatError} `disconnected` when the connection drops meanwhile; call again after the next reconnect.
   */
  async resume(): Promise<Message[]> {
    const generation = this.#generation;
    const applied: Message[] = [];
    this.#recovering = applied;
    try {
      const behind = [...this.#rooms].filter(([, room]) => room.known > room.applied || room.ahead.size > 0);
      await Promise.all(behind.map(([roomId]) => this.#fill(roomId, generation)));
    } finally {
      if (this.#recovering === applied) this.#recovering = undefined;
    }
    if (generation !== this.#generation) throw new IChatError('disconnected', 'The connection was lost while resuming');
    this.#live = true;
    return applied;
  }

  /** Goes live without a resume: the first connection has nothing to catch up on. */
  goLive(): void {
    this.#live = true;
    for (const [roomId, room] of this.#rooms) this.#fillIfLive(roomId, room);
  }

  #fillIfLive(roomId: number, room: RoomChanges): void {
    if (!this.#live || room.ahead.size === 0 || room.filling !== undefined) return;
    // A failed live fill is retried by the next resume; the connection's own error path reports the cause.
    this.#fill(roomId, this.#generation).catch(() => undefined);
  }

  #fill(roomId: number, generation: number): Promise<void> {
    const room = this.#rooms.get(roomId);
    if (room === undefined) return Promise.resolve();
    room.filling ??= this.#fetchPages(roomId, room, generation).finally(() => {
      room.filling = undefined;
      // Changes that came in past what the pages held wait on a gap of their own.
      if (generation === this.#generation && this.#rooms.get(roomId) === room) this.#fillIfLive(roomId, room);
    });
    return room.filling;
  }

  async #fetchPages(roomId: number, room: RoomChanges, generation: number): Promise<void> {
    for (let page = 0; page < MAX_PAGES_PER_FILL; page += 1) {
      let result: Requests['message.changes']['result'];
      try {
        result = await this.#fetch(roomId, room.applied);
      } catch (error) {
        // Removed from the room while away: there is nothing more to fetch.
        if (error instanceof IChatError && error.code === 'forbidden') {
          this.#rooms.delete(roomId);
          return;
        }
        throw error;
      }
      if (generation !== this.#generation || this.#rooms.get(roomId) !== room) return;
      for (const message of result.messages) {
        if (message.roomId === roomId && message.changeSeq > room.applied) this.#applyNow(room, message);
      }
      this.#drain(room);
      if (!result.hasMore || result.messages.length === 0) return;
    }
  }

  #applyNow(room: RoomChanges, message: Message): void {
    room.applied = message.changeSeq;
    room.known = Math.max(room.known, room.applied);
    this.#recovering?.push(message);
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
