import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { indexedDbStorage, localStorageStorage, memoryStorage, type StoredSend } from '../src/index.js';

/** The Web Storage interface over a Map, as a browser's localStorage behaves. */
function webStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => {
      items.delete(key);
    },
    setItem: (key, value) => {
      items.set(key, value);
    },
  };
}

function entry(n: number, userId: number | null = 7): StoredSend {
  return { clientMsgId: `id-${n}`, roomId: 1, text: `text ${n}`, createdAt: n, userId };
}

describe('outbox storages', () => {
  for (const [name, make] of [
    ['memoryStorage', () => memoryStorage()],
    ['localStorageStorage', () => localStorageStorage('outbox', webStorage())],
    ['indexedDbStorage', () => indexedDbStorage('ichat-test', new IDBFactory())],
  ] as const) {
    it(`${name} keeps entries in the order they were put, and deletes by clientMsgId`, async () => {
      const storage = make();
      await storage.put(entry(1));
      await storage.put(entry(2, null));
      await storage.put(entry(3));
      await storage.delete('id-2');
      expect(await storage.load()).toEqual([entry(1), entry(3)]);
    });

    it(`${name} replaces an entry put again in place, as when a queued send is claimed by its user`, async () => {
      const storage = make();
      await storage.put(entry(1, null));
      await storage.put(entry(2));
      await storage.put(entry(1, 7));
      expect(await storage.load()).toEqual([entry(1, 7), entry(2)]);
    });
  }

  it('localStorageStorage survives a new instance on the same storage, as after a page reload', async () => {
    const backing = webStorage();
    await localStorageStorage('outbox', backing).put(entry(1));
    expect(await localStorageStorage('outbox', backing).load()).toEqual([entry(1)]);
  });

  it('indexedDbStorage survives a new instance on the same database', async () => {
    const factory = new IDBFactory();
    await indexedDbStorage('ichat-test', factory).put(entry(1));
    expect(await indexedDbStorage('ichat-test', factory).load()).toEqual([entry(1)]);
  });

  it('localStorageStorage skips entries it cannot read instead of failing', async () => {
    const backing = webStorage();
    backing.setItem('outbox', JSON.stringify([entry(1), { clientMsgId: 5 }, 'junk', entry(2)]));
    expect(await localStorageStorage('outbox', backing).load()).toEqual([entry(1), entry(2)]);
    backing.setItem('outbox', '{not json');
    expect(await localStorageStorage('outbox', backing).load()).toEqual([]);
  });
});
