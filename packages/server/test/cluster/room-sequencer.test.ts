// One node's per-room ordering, driven by hand over a real store: what arrives out of order, twice, or never.

import type { Message } from '@ichat/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RoomSequencer } from '../../src/cluster/room-sequencer.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { addUser, queued } from '../store/contract/fixtures.js';
import { eventually } from '../support/wait.js';

const HOLD_MS = 50;

describe('RoomSequencer', () => {
  let store: SqliteStore;
  let roomId: number;
  let stored: Message[];
  let delivered: number[];
  let counts: { held: number; repaired: number };
  let sequencer: RoomSequencer;
  let headReads: number;
  let repairReads: number;

  /** The frame a node would have received for a stored message: its seq is all the sequencer reads of it. */
  const frameOf = (seq: number): string => `frame ${seq}`;

  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    await store.migrate();
    const ada = await addUser(store, 'ada');
    roomId = await store.rooms.createGroup(ada.id, 'Room', [], 1_000);
    stored = (await store.messages.append([1, 2, 3, 4, 5].map((n) => queued(roomId, ada.id, `m${n}`)))).map((r) => r.message);
    delivered = [];
    counts = { held: 0, repaired: 0 };
    headReads = 0;
    repairReads = 0;
    sequencer = new RoomSequencer(
      {
        heads: (ids) => {
          headReads += 1;
          return store.rooms.lastSeqs(ids);
        },
        after: (cursors, limit) => {
          repairReads += 1;
          return store.messages.historyAfter(cursors, limit);
        },
      },
      (_roomId, frame) => {
        // A repaired message comes as an encoded event; a broker's as the frame it carried.
        const seq = frame.startsWith('frame ') ? Number(frame.slice(6)) : Number(/"seq":(\d+)/.exec(frame)?.[1]);
        delivered.push(seq);
      },
      { held: () => (counts.held += 1), repaired: (n) => (counts.repaired += n), error: (cause) => expect.fail(String(cause)) },
      HOLD_MS,
    );
  });
  afterEach(async () => {
    sequencer.stop();
    await store.close();
  });

  /** Tracks the room as a node does when its first socket subscribes: from the store's head, seq 5. */
  async function follow(): Promise<void> {
    sequencer.track(roomId);
    await sequencer.start(roomId);
    expect(sequencer.delivered(roomId)).toBe(stored.length);
  }

  it('delivers the next seq at once, drops an old one, and puts one that overtook another back in order', async () => {
    await follow();
    const [sixth, seventh] = (await store.messages.append([queued(roomId, 1, 'm6'), queued(roomId, 1, 'm7')])).map((r) => r.message);
    sequencer.offer(roomId, 7, frameOf(7));
    expect(delivered).toEqual([]);
    sequencer.offer(roomId, 6, frameOf(6));
    sequencer.offer(roomId, 6, frameOf(6));
    sequencer.offer(roomId, 3, frameOf(3));
    expect(delivered).toEqual([sixth?.seq, seventh?.seq]);
    expect(counts).toEqual({ held: 1, repaired: 0 });
  });

  it('fills a gap the broker never fills from the store, once the hold is over, then delivers what was held', async () => {
    await follow();
    await store.messages.append([6, 7, 8].map((n) => queued(roomId, 1, `m${n}`)));
    sequencer.offer(roomId, 8, frameOf(8));
    expect(delivered).toEqual([]);
    await eventually(() => Promise.resolve(delivered.length === 3 ? true : undefined), 'the repair');
    expect(delivered).toEqual([6, 7, 8]);
    // All three came from the store: the held 8 is read with the gap rather than waited for.
    expect(counts).toEqual({ held: 1, repaired: 3 });
  });

  it('fills the gaps of several rooms held at the same time with one read of the store', async () => {
    await follow();
    const other = await store.rooms.createGroup(1, 'Other', [], 1_000);
    sequencer.track(other);
    await sequencer.start(other);
    await store.messages.append([queued(roomId, 1, 'm6'), queued(roomId, 1, 'm7'), queued(other, 1, 'o1'), queued(other, 1, 'o2')]);
    sequencer.offer(roomId, 7, frameOf(7));
    sequencer.offer(other, 2, frameOf(2));
    repairReads = 0;
    await eventually(() => Promise.resolve(delivered.length === 4 ? true : undefined), 'both repairs');
    expect(repairReads).toBe(1);
    expect(sequencer.delivered(roomId)).toBe(7);
    expect(sequencer.delivered(other)).toBe(2);
    expect(counts).toEqual({ held: 2, repaired: 4 });
  });

  it('finds what it missed by comparing the room head with the store (after an outage)', async () => {
    await follow();
    await store.messages.append([6, 7].map((n) => queued(roomId, 1, `m${n}`)));
    await sequencer.checkHeads();
    expect(delivered).toEqual([6, 7]);
    sequencer.offer(roomId, 7, frameOf(7));
    expect(delivered).toEqual([6, 7]);
    // The last one delivered, heard again, is a duplicate, not something to hold.
    expect(counts.held).toBe(0);
  });

  it('reads the heads of every room it follows at once, and repairs only the rooms behind', async () => {
    await follow();
    const others: number[] = [];
    for (let n = 0; n < 600; n += 1) {
      const id = await store.rooms.createGroup(1, `Room ${n}`, [], 1_000);
      sequencer.track(id);
      await sequencer.start(id);
      others.push(id);
    }
    const behind = others[599] ?? 0;
    await store.messages.append([queued(roomId, 1, 'm6'), queued(behind, 1, 'elsewhere')]);
    headReads = 0;
    repairReads = 0;
    await sequencer.checkHeads();
    expect(headReads).toBe(1);
    // One read for the two rooms behind; the other 599 are not read.
    expect(repairReads).toBe(1);
    expect(delivered).toEqual([6, 1]);
    expect(sequencer.delivered(behind)).toBe(1);
    expect(sequencer.delivered(others[0] ?? 0)).toBe(0);
  });

  it('holds what arrives while it starts, and delivers only what follows the head it started from', async () => {
    sequencer.track(roomId);
    await store.messages.append([queued(roomId, 1, 'm6')]);
    sequencer.offer(roomId, 5, frameOf(5));
    sequencer.offer(roomId, 6, frameOf(6));
    await sequencer.start(roomId);
    // The head was 6 when it started: both were history by then.
    expect(delivered).toEqual([]);
    sequencer.offer(roomId, 7, frameOf(7));
    expect(delivered).toEqual([7]);
  });
});
