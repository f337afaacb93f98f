// The SearchStore contract: messages found by their words in the given rooms only, kept in step with appends, edits
// and deletions, the most recent first.

import { searchTermsOf } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import type { SearchQuery, Store } from '../../../src/store/contract/store.js';
import { addUser, openStore, send, upload, type StoreFactory } from './fixtures.js';

function query(text: string, roomIds: readonly number[], limit = 20): SearchQuery {
  return { terms: searchTermsOf(text), roomIds, limit };
}

async function texts(store: Store, search: SearchQuery): Promise<string[]> {
  return (await store.search.recentMatches(search)).map((message) => message.text);
}

/** Ada and Bob's direct room, and a group of Bob and Cy that Ada is not in. */
async function rooms(store: Store): Promise<{ ada: number; bob: number; direct: number; other: number }> {
  const ada = (await addUser(store, 'ada')).id;
  const bob = (await addUser(store, 'bob')).id;
  const cy = (await addUser(store, 'cy')).id;
  const direct = (await store.rooms.openDirect(ada, bob, 10)).roomId;
  const other = await store.rooms.createGroup(bob, 'Other', [cy], 10);
  return { ada, bob, direct, other };
}

let sent = 0;
function message(roomId: number, senderId: number, text: string): { roomId: number; senderId: number; clientMsgId: string; text: string; createdAt: number } {
  sent += 1;
  return { roomId, senderId, clientMsgId: `s-${sent}`, text, createdAt: 1_000 + sent };
}

export function describeSearchStoreContract(makeStore: StoreFactory): void {
  describe('search', () => {
    it('finds a message as soon as it is stored, by any of its words, whatever their case and accents', async () => {
      const store = await openStore(makeStore);
      const { ada, bob, direct } = await rooms(store);
      await send(store, [message(direct, ada, 'The Crème brûlée recipe is attached'), message(direct, bob, 'Thanks!')]);
      expect(await texts(store, query('creme', [direct]))).toEqual(['The Crème brûlée recipe is attached']);
      expect(await texts(store, query('BRULEE RECIPE', [direct]))).toEqual(['The Crème brûlée recipe is attached']);
      expect(await texts(store, query('thanks', [direct]))).toEqual(['Thanks!']);
    });

    it('finds only messages that hold every word, the last one also as the start of a longer word', async () => {
      const store = await openStore(makeStore);
      const { ada, direct } = await rooms(store);
      await send(store, [message(direct, ada, 'deploy on friday'), message(direct, ada, 'deployment done'), message(direct, ada, 'friday drinks')]);
      expect((await texts(store, query('deploy friday ', [direct]))).sort()).toEqual(['deploy on friday']);
      expect((await texts(store, query('friday depl', [direct]))).sort()).toEqual(['deploy on friday']);
      expect((await texts(store, query('depl', [direct]))).sort()).toEqual(['deploy on friday', 'deployment done']);
      expect(await texts(store, query('depl ', [direct]))).toEqual([]);
    });

    it('never finds messages of rooms it was not given', async () => {
      const store = await openStore(makeStore);
      const { ada, bob, direct, other } = await rooms(store);
      await send(store, [message(direct, ada, 'secret plan in direct'), message(other, bob, 'secret plan in the other group')]);
      expect(await texts(store, query('secret', [direct]))).toEqual(['secret plan in direct']);
      expect(await texts(store, query('secret', []))).toEqual([]);
      expect((await texts(store, query('secret', [direct, other]))).length).toBe(2);
    });

    it('finds an edited message by its new words only, and a deleted one never again', async () => {
      const store = await openStore(makeStore);
      const { ada, direct } = await rooms(store);
      const [first, second] = await send(store, [message(direct, ada, 'meet at the harbour'), message(direct, ada, 'bring the harbour map')]);
      await store.messages.edit(direct, first?.seq ?? 0, 'meet at the station', 2_000);
      await store.messages.delete(direct, second?.seq ?? 0, 2_001);
      expect(await texts(store, query('harbour', [direct]))).toEqual([]);
      expect(await texts(store, query('station', [direct]))).toEqual(['meet at the station']);
      expect(await texts(store, query('map', [direct]))).toEqual([]);
    });

    it('keeps a message it has already found in step with later edits and deletions', async () => {
      const store = await openStore(makeStore);
      const { ada, direct } = await rooms(store);
      const [first, second] = await send(store, [message(direct, ada, 'lunch at the canteen'), message(direct, ada, 'canteen is closed')]);
      expect(await texts(store, query('canteen', [direct]))).toEqual(['canteen is closed', 'lunch at the canteen']);
      await store.messages.edit(direct, first?.seq ?? 0, 'lunch at the bistro', 2_000);
      await store.messages.delete(direct, second?.seq ?? 0, 2_001);
      expect(await texts(store, query('canteen', [direct]))).toEqual([]);
      expect(await texts(store, query('bistro', [direct]))).toEqual(['lunch at the bistro']);
      expect(await texts(store, query('closed', [direct]))).toEqual([]);
    });

    it('returns the most recent matches first, at most `limit` of them', async () => {
      const store = await openStore(makeStore);
      const { ada, direct } = await rooms(store);
      await send(store, [message(direct, ada, 'release one'), message(direct, ada, 'other'), message(direct, ada, 'release two')]);
      await send(store, [message(direct, ada, 'release three')]);
      expect(await texts(store, query('release', [direct]))).toEqual(['release three', 'release two', 'release one']);
      expect(await texts(store, query('release', [direct], 2))).toEqual(['release three', 'release two']);
    });

    it('searches a reader with more rooms than fit in one match expression as well', async () => {
      const store = await openStore(makeStore);
      const ada = (await addUser(store, 'ada')).id;
      const roomIds: number[] = [];
      for (let i = 0; i < 300; i += 1) roomIds.push(await store.rooms.createGroup(ada, `g${i}`, [], 10));
      await send(store, [message(roomIds[0] ?? 0, ada, 'needle in the first'), message(roomIds[299] ?? 0, ada, 'needle in the last')]);
      expect((await texts(store, query('needle', roomIds))).sort()).toEqual(['needle in the first', 'needle in the last']);
      expect(await texts(store, query('needle', roomIds.slice(1)))).toEqual(['needle in the last']);
    });

    it('finds a message with its attachments, as history shows it', async () => {
      const store = await openStore(makeStore);
      const { ada, direct } = await rooms(store);
      const file = await store.attachments.create(upload(ada, 'a', 1_000, { name: 'menu.pdf', type: 'application/pdf' }));
      await send(store, [{ ...message(direct, ada, 'the lunch menu'), attachmentIds: [file.id] }, message(direct, ada, 'lunch at noon')]);
      const found = await store.search.recentMatches(query('lunch', [direct]));
      const history = await store.messages.history(direct, { limit: 10 });
      expect(found.map((hit) => hit.attachments)).toEqual([undefined, [expect.objectContaining({ id: file.id, name: 'menu.pdf' })]]);
      expect(found).toEqual([history.messages[1], history.messages[0]]);
    });
  });
}
