// Per-room ordering on one node: each seq delivered once and in order, whatever order the broker brought them in.

import { encodeEvent, type Message } from '@ichat/protocol';

/** Where missed messages are read from: the store, which holds every message before any node hears of it. */
export interface MessageSource {
  /** The last seq of each of these rooms, in one read (a statement per 500 rooms); a room not there is left out. */
  heads(roomIds: readonly number[]): Promise<Map<number, number>>;
  /** Up to `limit` messages after `seq`, in seq order, and whether more follow. */
  after(roomId: number, seq: number, limit: number): Promise<{ messages: Message[]; hasMore: boolean }>;
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
  holdTimer: NodeJS.Timeout | undefined;
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
    this.#rooms.set(roomId, {
      delivered: 0,
      started: false,
      held: new Map(),
      holdTimer: undefined,
      repairing: false,
      repairAgain: false,
    });
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
    const room = this.#rooms.get(roomId);
    if (room === undefined) return;
    clearTimeout(room.holdTimer);
    this.#rooms.delete(roomId);
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
    this.#scheduleRepair(roomId, room);
  }

  /**
   * Compares every room's last delivered seq with the store's head, read for all of them at once, and fills what is
   * missing (after an outage, and now and then): the rooms behind are repaired one after another.
   */
  async checkHeads(): Promise<void> {
    const started = [...this.#rooms].filter(([, room]) => room.started).map(([roomId]) => roomId);
    if (started.length === 0) return;
    const heads = await this.#source.heads(started);
    for (const roomId of started) {
      const room = this.#rooms.get(roomId);
      if (room?.started === true && (heads.get(roomId) ?? 0) > room.delivered) await this.#repair(roomId, room);
    }
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
    for (const room of this.#rooms.values()) clearTimeout(room.holdTimer);
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
    if (room.held.size > 0) this.#scheduleRepair(roomId, room);
  }

  #scheduleRepair(roomId: number, room: RoomSequence): void {
    if (room.holdTimer !== undefined) return;
    room.holdTimer = setTimeout(() => {
      room.holdTimer = undefined;
      if (room.held.size > 0) void this.#repair(roomId, room);
    }, this.#holdMs);
    room.holdTimer.unref();
  }

  /** Reads what follows the last delivered seq from the store and delivers it, then what was held behind it. */
  async #repair(roomId: number, room: RoomSequence): Promise<void> {
    if (room.repairing) {
      room.repairAgain = true;
      return;
    }
    room.repairing = true;
    let repaired = 0;
    try {
      let more = true;
      while (more && this.#rooms.get(roomId) === room) {
        const page = await this.#source.after(roomId, room.delivered, REPAIR_PAGE);
        for (const message of page.messages) {
          // Messages that arrived through the broker while the page was read are delivered already.
          if (message.seq !== room.delivered + 1) continue;
          room.delivered = message.seq;
          room.held.delete(message.seq);
          this.#deliver(roomId, encodeEvent('message', { message }));
          repaired += 1;
        }
        more = page.hasMore && page.messages.length > 0;
      }
    } catch (error) {
      this.#observer.error(error);
    } finally {
      room.repairing = false;
    }
    if (repaired > 0) this.#observer.repaired(repaired);
    if (this.#rooms.get(roomId) !== room) return;
    this.#drain(roomId, room);
    if (room.repairAgain) {
      room.repairAgain = false;
      await this.#repair(roomId, room);
    }
  }
}
