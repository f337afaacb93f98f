// Per-room ordering on one node: each seq delivered once and in order, whatever order the broker brought them in.

import { encodeEvent, type Message } from '@ichat/protocol';

/** Where missed messages are read from: the store, which holds every message before any node hears of it. */
export interface MessageSource {
  /** The last seq of each of these rooms, in one read (a statement per 500 rooms); a room not there is left out. */
  heads(roomIds: readonly number[]): Promise<Map<number, number>>;
  /** For each room, up to `limit` messages after its seq, in seq order, and whether more follow: one read for all. */
  after(cursors: readonly { roomId: number; after: number }[], limit: number): Promise<Map<number, { messages: Message[]; hasMore: boolean }>>;
}

/** Counts for /metrics. */
export interface SequencerObserver {
  /** A message arrived ahead of a gap and was held. */
  held(): void;
  /** A gap was filled from the store with this many messages. */
  repaired(count: number): void;
  error(cause: unknown): void;
}

interface RoomSequence {
  /** The last seq delivered to this node's sockets; meaningful once `started`. */
  delivered: number;
  started: boolean;
  /** Messages that arrived before their turn (or before the start), by seq. */
  readonly held: Map<number, string>;
  repairing: boolean;
  /** Another repair was asked for while one ran. */
  repairAgain: boolean;
}

const REPAIR_PAGE = 200;

export class RoomSequencer {
  readonly #rooms = new Map<number, RoomSequence>();
  readonly #source: MessageSource;
  readonly #deliver: (roomId: number, frame: string) => void;
  readonly #observer: SequencerObserver;
  readonly #holdMs: number;
  /** Rooms with a message held past a gap, repaired together once the hold is over. */
  readonly #waiting = new Set<number>();
  #holdTimer: NodeJS.Timeout | undefined;

  /** `holdMs`: how long a message ahead of a gap waits for the missing ones before they are read from the store. */
  constructor(source: MessageSource, deliver: (roomId: number, frame: string) => void, observer: SequencerObserver, holdMs: number) {
    this.#source = source;
    this.#deliver = deliver;
    this.#observer = observer;
    this.#holdMs = holdMs;
  }

  /** Starts holding a room's messages: the node is subscribing to it, and `start` follows once it has. */
  track(roomId: number): void {
    if (this.#rooms.has(roomId)) return;
    this.#rooms.set(roomId, { delivered: 0, started: false, held: new Map(), repairing: false, repairAgain: false });
  }

  /**
   * The subscription is confirmed: whatever the store holds now, the sockets read as history; what comes after it is
   * delivered from here. Held messages past the head are delivered in order.
   */
  async start(roomId: number): Promise<void> {
    const head = (await this.#source.heads([roomId])).get(roomId) ?? 0;
    const room = this.#rooms.get(roomId);
    if (room === undefined || room.started) return;
    room.delivered = head;
    room.started = true;
    this.#drain(roomId, room);
  }

  forget(roomId: number): void {
    this.#rooms.delete(roomId);
    this.#waiting.delete(roomId);
  }

  /** A stored message published by some node (this one included). */
  offer(roomId: number, seq: number, frame: string): void {
    const room = this.#rooms.get(roomId);
    if (room === undefined) return;
    if (!room.started) {
      room.held.set(seq, frame);
      return;
    }
    if (seq <= room.delivered) return;
    if (seq === room.delivered + 1) {
      room.delivered = seq;
      this.#deliver(roomId, frame);
      if (room.held.size > 0) this.#drain(roomId, room);
      return;
    }
    room.held.set(seq, frame);
    this.#observer.held();
    this.#scheduleRepair(roomId);
  }

  /**
   * Compares every room's last delivered seq with the store's head, read for all of them at once, and fills what is
   * missing (after an outage, and now and then): the rooms behind are repaired together.
   */
  async checkHeads(): Promise<void> {
    const started = [...this.#rooms].filter(([, room]) => room.started).map(([roomId]) => roomId);
    if (started.length === 0) return;
    const heads = await this.#source.heads(started);
    await this.#repair(started.filter((roomId) => {
      const room = this.#rooms.get(roomId);
      return room?.started === true && (heads.get(roomId) ?? 0) > room.delivered;
    }));
  }

  /** The last seq delivered in a room, or undefined when the room is not tracked or not started. */
  delivered(roomId: number): number | undefined {
    const room = this.#rooms.get(roomId);
    return room?.started === true ? room.delivered : undefined;
  }

  /** Rooms tracked, for tests and /metrics. */
  get size(): number {
    return this.#rooms.size;
  }

  stop(): void {
    clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    this.#waiting.clear();
    this.#rooms.clear();
  }

  #drain(roomId: number, room: RoomSequence): void {
    for (const seq of room.held.keys()) if (seq <= room.delivered) room.held.delete(seq);
    let next = room.held.get(room.delivered + 1);
    while (next !== undefined) {
      room.held.delete(room.delivered + 1);
      room.delivered += 1;
      this.#deliver(roomId, next);
      next = room.held.get(room.delivered + 1);
    }
    if (room.held.size > 0) this.#scheduleRepair(roomId);
  }

  /** The room waits for the node's next repair, which the first room waiting starts the hold of. */
  #scheduleRepair(roomId: number): void {
    this.#waiting.add(roomId);
    if (this.#holdTimer !== undefined) return;
    this.#holdTimer = setTimeout(() => {
      this.#holdTimer = undefined;
      const due = [...this.#waiting].filter((id) => (this.#rooms.get(id)?.held.size ?? 0) > 0);
      this.#waiting.clear();
      void this.#repair(due);
    }, this.#holdMs);
    this.#holdTimer.unref();
  }

  /**
   * Reads what follows the last delivered seq of each room from the store, all rooms in one read per page, and
   * delivers it, then what was held behind it. A room already being repaired is repaired again once that ends.
   */
  async #repair(roomIds: readonly number[]): Promise<void> {
    const rooms = new Map<number, RoomSequence>();
    for (const roomId of roomIds) {
      const room = this.#rooms.get(roomId);
      if (room === undefined) continue;
      if (room.repairing) room.repairAgain = true;
      else {
        room.repairing = true;
        rooms.set(roomId, room);
      }
    }
    if (rooms.size === 0) return;
    let repaired = 0;
    try {
      let pending = [...rooms.keys()];
      while (pending.length > 0) {
        const current = pending.filter((roomId) => this.#rooms.get(roomId) === rooms.get(roomId));
        const pages = await this.#source.after(current.map((roomId) => ({ roomId, after: rooms.get(roomId)?.delivered ?? 0 })), REPAIR_PAGE);
        pending = [];
        for (const roomId of current) {
          const room = rooms.get(roomId);
          const page = pages.get(roomId);
          if (room === undefined || page === undefined || this.#rooms.get(roomId) !== room) continue;
          for (const message of page.messages) {
            // Messages that arrived through the broker while the page was read are delivered already.
            if (message.seq !== room.delivered + 1) continue;
            room.delivered = message.seq;
            room.held.delete(message.seq);
            this.#deliver(roomId, encodeEvent('message', { message }));
            repaired += 1;
          }
          if (page.hasMore && page.messages.length > 0) pending.push(roomId);
        }
      }
    } catch (error) {
      this.#observer.error(error);
    } finally {
      for (const room of rooms.values()) room.repairing = false;
    }
    if (repaired > 0) this.#observer.repaired(repaired);
    const again: number[] = [];
    for (const [roomId, room] of rooms) {
      if (this.#rooms.get(roomId) !== room) continue;
      this.#drain(roomId, room);
      if (room.repairAgain) {
        room.repairAgain = false;
        again.push(roomId);
      }
    }
    if (again.length > 0) await this.#repair(again);
  }
}
