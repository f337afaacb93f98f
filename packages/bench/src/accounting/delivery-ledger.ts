// Counts what each member received against what was sent: lost, duplicated and reordered deliveries.

import { int, object, type Infer } from '@ichat/protocol';

/** Delivery anomalies. All must be zero for a run to count. */
export const AnomaliesSchema = object({ lost: int(), duplicated: int(), reordered: int() });
export type Anomalies = Infer<typeof AnomaliesSchema>;

/** Room numbers stay below this (the probe gives them 7 digits). */
const ROOM_KEY_SPAN = 10_000_000;

/** One member's view of one room: a bitmap of sequences seen and the highest so far. */
class Inbox {
  seen = new Uint8Array(64);
  highest = 0;
  distinct = 0;
}

/**
 * Sequences start at 1 per room and are sent in order by one sender per room. A delivery whose sequence was already
 * seen by that member is a duplicate; one below the member's highest so far, and not seen, arrived out of order.
 * Whatever a member never received of what was sent to its room is lost (counted by `anomalies` after the drain).
 */
export class DeliveryLedger {
  // Keyed by member × ROOM_KEY_SPAN + room: a number key, because this lookup runs once per delivery.
  readonly #inboxes = new Map<number, Inbox>();
  readonly #sent = new Map<number, number>();
  readonly #members = new Map<number, Set<number>>();
  readonly #excluded = new Set<number>();
  #duplicated = 0;
  #reordered = 0;
  #delivered = 0;

  /** Declares that `member` should receive every message of `room`. */
  expect(room: number, member: number): void {
    let members = this.#members.get(room);
    if (members === undefined) {
      members = new Set();
      this.#members.set(room, members);
    }
    members.add(member);
  }

  /** Leaves a member out of the loss count (a deliberately slow consumer, or one the server closed for that). */
  exclude(member: number): void {
    this.#excluded.add(member);
  }

  /** Records that sequence `seq` was sent to `room` (sequences are sent in increasing order). */
  sent(room: number, seq: number): void {
    if (seq > (this.#sent.get(room) ?? 0)) this.#sent.set(room, seq);
  }

  /** Messages sent so far to every room. */
  get sentTotal(): number {
    let total = 0;
    for (const count of this.#sent.values()) total += count;
    return total;
  }

  /** Deliveries expected so far: each room's messages times its members, excluded members left out. */
  get expectedDeliveries(): number {
    let total = 0;
    for (const [room, count] of this.#sent) {
      let members = 0;
      for (const member of this.#members.get(room) ?? []) if (!this.#excluded.has(member)) members++;
      total += count * members;
    }
    return total;
  }

  /** Every delivery recorded, duplicates included. */
  get delivered(): number {
    return this.#delivered;
  }

  /** Records one delivery of `seq` in `room` to `member`. */
  delivery(member: number, room: number, seq: number): void {
    this.#delivered++;
    const key = member * ROOM_KEY_SPAN + room;
    let inbox = this.#inboxes.get(key);
    if (inbox === undefined) {
      inbox = new Inbox();
      this.#inboxes.set(key, inbox);
    }
    if (seq >= inbox.seen.length * 8) {
      let size = inbox.seen.length;
      while (seq >= size * 8) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(inbox.seen);
      inbox.seen = grown;
    }
    const byte = seq >> 3;
    const bit = 1 << (seq & 7);
    if (((inbox.seen[byte] as number) & bit) !== 0) {
      this.#duplicated++;
      return;
    }
    inbox.seen[byte] = (inbox.seen[byte] as number) | bit;
    inbox.distinct++;
    if (seq < inbox.highest) this.#reordered++;
    else inbox.highest = seq;
  }

  /** The anomalies so far; call after the drain, when every delivery that will arrive has arrived. */
  anomalies(): Anomalies {
    let lost = 0;
    for (const [room, members] of this.#members) {
      const sent = this.#sent.get(room) ?? 0;
      for (const member of members) {
        if (this.#excluded.has(member)) continue;
        lost += sent - (this.#inboxes.get(member * ROOM_KEY_SPAN + room)?.distinct ?? 0);
      }
    }
    return { lost, duplicated: this.#duplicated, reordered: this.#reordered };
  }
}

/** Adds anomaly counts. */
export function addAnomalies(a: Anomalies, b: Anomalies): Anomalies {
  return { lost: a.lost + b.lost, duplicated: a.duplicated + b.duplicated, reordered: a.reordered + b.reordered };
}

export const NO_ANOMALIES: Anomalies = Object.freeze({ lost: 0, duplicated: 0, reordered: 0 });
