// The StatsStore contract: counts per half-open bucket, the total before them, and when each series began.

import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/contract/store.js';
import { addUser, openStore, queued, send, type StoreFactory } from './fixtures.js';

/** Buckets [0, 100), [100, 200), [200, 300). */
const BUCKETS = [
  { start: 0, end: 100 },
  { start: 100, end: 200 },
  { start: 200, end: 300 },
];

/** A room of three users who send messages at the given times. */
async function messagesAt(store: Store, sends: readonly (readonly [string, number])[]): Promise<void> {
  const users = new Map<string, number>();
  for (const name of ['ada', 'bob', 'cy']) users.set(name, (await addUser(store, name, 1)).id);
  const ownerId = users.get('ada') ?? 0;
  const roomId = await store.rooms.createGroup(ownerId, 'Team', [...users.values()], 1);
  await send(
    store,
    sends.map(([name, at], i) => queued(roomId, users.get(name) ?? 0, `m${i}`, at)),
  );
}

export function describeStatsStoreContract(makeStore: StoreFactory): void {
  describe('statistics', () => {
    it('has no first event and empty series on an empty database', async () => {
      const store = await openStore(makeStore);
      expect(await store.stats.firstAt('registrations')).toBeUndefined();
      expect(await store.stats.firstAt('messages')).toBeUndefined();
      expect(await store.stats.firstAt('active-users')).toBeUndefined();
      expect(await store.stats.series('messages', [])).toEqual({ counts: [], increments: [], before: 0 });
      expect(await store.stats.series('registrations', BUCKETS)).toEqual({
        counts: [0, 0, 0],
        increments: [0, 0, 0],
        before: 0,
      });
    });

    it('counts registrations per half-open bucket, with the total before the first', async () => {
      const store = await openStore(makeStore);
      const times = [-50, -1, 0, 99, 100, 250, 300, 400];
      for (const [i, at] of times.entries()) await addUser(store, `user${i}`, at);
      expect(await store.stats.series('registrations', BUCKETS)).toEqual({
        counts: [2, 1, 1],
        increments: [2, 1, 1],
        before: 2,
      });
      expect(await store.stats.firstAt('registrations')).toBe(-50);
    });

    it('counts messages per bucket, with the total before the first', async () => {
      const store = await openStore(makeStore);
      await messagesAt(store, [
        ['ada', 50],
        ['ada', 150],
        ['bob', 199],
        ['bob', 200],
        ['cy', 300],
      ]);
      expect(await store.stats.series('messages', BUCKETS.slice(1))).toEqual({
        counts: [2, 1],
        increments: [2, 1],
        before: 1,
      });
      expect(await store.stats.firstAt('messages')).toBe(50);
      expect(await store.stats.firstAt('active-users')).toBe(50);
    });

    it('counts distinct senders per bucket, and those active for the first time in the range', async () => {
      const store = await openStore(makeStore);
      await messagesAt(store, [
        ['cy', -10],
        ['ada', 10],
        ['ada', 20],
        ['bob', 150],
        ['ada', 160],
        ['cy', 250],
        ['bob', 260],
      ]);
      // Bucket 3 has cy and bob; bob was seen in bucket 2, and cy's earlier message lies before the range.
      expect(await store.stats.series('active-users', BUCKETS)).toEqual({
        counts: [1, 2, 2],
        increments: [1, 1, 1],
        before: 0,
      });
    });
  });
}
