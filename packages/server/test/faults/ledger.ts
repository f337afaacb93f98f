// The ledger of a fault test: every message its clients meant to send and which of them were acknowledged, checked
// against the rows the database really holds.

import type { StoredRow } from './stored-rows.js';

/** One message a client meant to send, and what it knows of its fate. */
export interface Sent {
  senderId: number;
  roomId: number;
  clientMsgId: string;
  text: string;
  /** Set once acknowledged: the seq the server gave it. */
  seq?: number;
  /** When the acknowledgement arrived (`performance.now()`). */
  ackedAt?: number;
}

/**
 * Every send of a test, by clientMsgId. Checks the database against it: each acknowledged message stored once with
 * its seq and text, nothing stored that was never sent, every room's seqs 1…n without gap or repeat.
 */
export class Ledger {
  readonly sends = new Map<string, Sent>();

  add(sent: Sent): void {
    this.sends.set(sent.clientMsgId, sent);
  }

  get acked(): Sent[] {
    return [...this.sends.values()].filter((sent) => sent.seq !== undefined);
  }

  get unacked(): Sent[] {
    return [...this.sends.values()].filter((sent) => sent.seq === undefined);
  }

  /** The problems found, one line each; empty when the database agrees with every acknowledgement. */
  check(rows: readonly StoredRow[], lastSeqs: ReadonlyMap<number, number>): string[] {
    const problems: string[] = [];
    const byId = new Map<string, StoredRow>();
    const byRoom = new Map<number, number[]>();
    for (const row of rows) {
      const key = `${row.senderId}/${row.clientMsgId}`;
      if (byId.has(key)) problems.push(`stored twice: ${key}`);
      byId.set(key, row);
      const seqs = byRoom.get(row.roomId) ?? [];
      seqs.push(row.seq);
      byRoom.set(row.roomId, seqs);
      const sent = this.sends.get(row.clientMsgId);
      if (sent === undefined || sent.senderId !== row.senderId) problems.push(`stored but never sent: ${key}`);
      else if (sent.text !== row.text || sent.roomId !== row.roomId) problems.push(`stored differently: ${key}`);
    }
    for (const [roomId, seqs] of byRoom) {
      // Rows come ordered by seq, so a room is contiguous exactly when its i-th seq is i.
      const gap = seqs.findIndex((seq, index) => seq !== index + 1);
      if (gap !== -1) problems.push(`room ${roomId}: seq ${seqs[gap]} at position ${gap + 1}`);
      if (lastSeqs.get(roomId) !== seqs.length) problems.push(`room ${roomId}: last_seq ${lastSeqs.get(roomId)} for ${seqs.length} messages`);
    }
    for (const sent of this.acked) {
      const row = byId.get(`${sent.senderId}/${sent.clientMsgId}`);
      if (row === undefined) problems.push(`acked but lost: ${sent.clientMsgId} (seq ${sent.seq})`);
      else if (row.seq !== sent.seq) problems.push(`acked as seq ${sent.seq}, stored as ${row.seq}: ${sent.clientMsgId}`);
    }
    return problems;
  }
}
