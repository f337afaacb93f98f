// A server's connections for one scenario: members in rooms, one sender per room, and the books they keep.

import { DeliveryLedger } from '../accounting/delivery-ledger.js';
import { LatencyRecorder } from '../accounting/latency.js';
import type { BenchSocket } from '../wire/bench-socket.js';
import type { FrameTemplate } from '../wire/client-frame.js';
import { readProbe } from '../wire/probe.js';
import type { Target } from './target.js';

/** Rooms × members per room. */
export interface Shape {
  rooms: number;
  members: number;
}

/** How a fleet was opened: how long it took and what the server's memory did. */
export interface OpenStats {
  connections: number;
  seconds: number;
  connectsPerSecond: number;
}

interface RoomSender {
  socket: BenchSocket;
  template: FrameTemplate;
  values: (seq: number, sentUs: number) => number[];
  nextSeq: number;
}

/** Connections opened at once while building a fleet: enough to keep the server busy, few enough not to time out. */
const OPEN_CONCURRENCY = 200;

/** Runs `work(i)` for i in 0…count-1, at most `limit` at a time. */
export async function inBatches(count: number, limit: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
}

export class Fleet {
  readonly target: Target;
  readonly shape: Shape;
  readonly ledger = new DeliveryLedger();
  readonly latency = new LatencyRecorder();
  readonly ackLatency = new LatencyRecorder();
  /** Acked sequences per room (iChat: replies after commit; relays: the sender's own copy). */
  readonly acked = new Map<number, number[]>();
  /** Time origin of the probes' send times, in performance.now() milliseconds. */
  readonly epochMs = performance.now();
  readonly sockets: BenchSocket[] = [];
  readonly #senders: RoomSender[] = [];
  #acks = 0;

  private constructor(target: Target, shape: Shape) {
    this.target = target;
    this.shape = shape;
  }

  get acks(): number {
    return this.#acks;
  }

  /**
   * Opens every member's connection (rooms joined, or idle when `idle`), creates the rooms and prepares one send
   * template per room.
   */
  static async open(target: Target, shape: Shape, options: { idle?: boolean; padTo?: number } = {}): Promise<{ fleet: Fleet; stats: OpenStats }> {
    const fleet = new Fleet(target, shape);
    const total = shape.rooms * shape.members;
    await target.prepareMembers(total);
    const started = performance.now();
    await inBatches(total, OPEN_CONCURRENCY, async (member) => {
      const room = Math.floor(member / shape.members);
      const socket = await target.connect(member, options.idle === true ? undefined : room, (payload, arrived) =>
        fleet.#received(member, room, payload, arrived),
      );
      fleet.sockets[member] = socket;
    });
    const seconds = (performance.now() - started) / 1000;
    if (options.idle !== true) {
      const rooms = Array.from({ length: shape.rooms }, (_, room) =>
        Array.from({ length: shape.members }, (_, k) => room * shape.members + k),
      );
      await target.createRooms(rooms, fleet.sockets);
      for (let room = 0; room < shape.rooms; room++) {
        for (const member of rooms[room] ?? []) fleet.ledger.expect(room, member);
        const socket = fleet.sockets[room * shape.members] as BenchSocket;
        fleet.#senders.push({ socket, ...target.messageTemplate(room, options.padTo ?? 150), nextSeq: 1 });
      }
    }
    return { fleet, stats: { connections: total, seconds, connectsPerSecond: Math.round(total / seconds) } };
  }

  /** Sends room `room`'s next message, stamped with its scheduled time. */
  send(room: number, scheduledMs: number): void {
    const sender = this.#senders[room];
    if (sender === undefined) return;
    const seq = sender.nextSeq++;
    const sentUs = Math.max(0, Math.round((scheduledMs - this.epochMs) * 1000));
    sender.socket.write(sender.template.build(sender.values(seq, sentUs)));
    this.ledger.sent(room, seq);
  }

  /** Marks members as deliberately slow: they stop reading and are left out of the loss count. */
  makeSlow(members: readonly number[]): void {
    for (const member of members) {
      this.ledger.exclude(member);
      this.sockets[member]?.pause();
    }
  }

  /** Counts closed sockets among the members not deliberately slow. */
  countClosed(slow: ReadonlySet<number> = new Set()): number {
    let closed = 0;
    this.sockets.forEach((socket, member) => {
      if (socket.closed && !slow.has(member)) closed++;
    });
    return closed;
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  #received(member: number, room: number, payload: Buffer, arrivedMs: number): void {
    const probe = readProbe(payload);
    if (probe === undefined) return;
    const latencyUs = (arrivedMs - this.epochMs) * 1000 - probe.sentUs;
    const meaning = this.target.classify(payload, this.sockets[member] as BenchSocket);
    const isSender = member === room * this.shape.members;
    if (meaning === 'ack' || (meaning === 'delivery' && isSender && this.target.name !== 'ichat')) {
      this.#acks++;
      this.ackLatency.record(latencyUs);
      let list = this.acked.get(probe.room);
      if (list === undefined) {
        list = [];
        this.acked.set(probe.room, list);
      }
      list.push(probe.seq);
      if (meaning === 'ack') return;
    }
    this.ledger.delivery(member, probe.room, probe.seq);
    this.latency.record(latencyUs);
  }
}
