// Where unacknowledged sends are kept: in memory for Node, localStorage or IndexedDB so a browser survives a reload.

import { AttachmentIdsSchema, LIMITS, int, isFields, nullable, object, optional, parseWith, string, type Infer } from '@ichat/protocol';

/** A send the server has not acknowledged yet, as stored. */
const StoredSendSchema = object({
  /** The idempotency key; resending with it can never store the message twice. */
  clientMsgId: string(LIMITS.clientMsgIdMax, 1),
  roomId: int(1),
  text: string(),
  /** When the app called `send`, in ms since the epoch. */
  createdAt: int(),
  /** Whose message it is; `null` when queued before the client ever authenticated (claimed by the next user). */
  userId: nullable(int(1)),
  /** Uploaded attachments' ids the message carries; absent when none. */
  attachments: optional(AttachmentIdsSchema),
  /** The seq of the message (same room) it answers; absent when it is not a reply. */
  replyTo: optional(int(1)),
});
export type StoredSend = Infer<typeof StoredSendSchema>;

/**
 * Pluggable persistence for the outbox. Each method may be synchronous or return a promise. Entries must come back
 * from `load` in the order they were first `put`; putting an existing `clientMsgId` again replaces it in place.
 */
export interface OutboxStorage {
  load(): Promise<StoredSend[]> | StoredSend[];
  put(entry: StoredSend): Promise<void> | void;
  delete(clientMsgId: string): Promise<void> | void;
}

/** Validates one stored entry; storage is outside the SDK's control, so it is read like any other input. */
export function parseStoredSend(value: unknown): StoredSend | undefined {
  try {
    return parseWith(StoredSendSchema, value, 'invalid_frame');
  } catch {
    return undefined;
  }
}

function parseStoredList(value: unknown): StoredSend[] {
  if (!Array.isArray(value)) return [];
  return value.map(parseStoredSend).filter((entry): entry is StoredSend => entry !== undefined);
}

/**
 * Keeps the outbox in memory: the default in Node, and for apps that do not want sends to outlive the page.
 *
 * @example
 * ```ts
 * createClient({ url, token, storage: memoryStorage() });
 * ```
 */
export function memoryStorage(): OutboxStorage {
  const entries = new Map<string, StoredSend>();
  return {
    load: () => [...entries.values()],
    put: (entry) => {
      entries.set(entry.clientMsgId, { ...entry });
    },
    delete: (clientMsgId) => {
      entries.delete(clientMsgId);
    },
  };
}

/**
 * Keeps the outbox in `localStorage` under one key, so pending sends survive a page reload. Synchronous and small:
 * the default in browsers.
 *
 * @param key the localStorage key; use one per server and user if several share an origin.
 * @example
 * ```ts
 * createClient({ url, token, storage: localStorageStorage('ichat.outbox') });
 * ```
 */
export function localStorageStorage(key = 'ichat.outbox', store: Storage = globalThis.localStorage): OutboxStorage {
  const read = (): StoredSend[] => {
    const text = store.getItem(key);
    if (text === null) return [];
    try {
      return parseStoredList(JSON.parse(text));
    } catch {
      return [];
    }
  };
  const write = (entries: StoredSend[]): void => {
    if (entries.length === 0) store.removeItem(key);
    else store.setItem(key, JSON.stringify(entries));
  };
  return {
    load: read,
    put: (entry) => {
      const entries = read();
      const index = entries.findIndex((e) => e.clientMsgId === entry.clientMsgId);
      if (index === -1) entries.push(entry);
      else entries[index] = entry;
      write(entries);
    },
    delete: (clientMsgId) => write(read().filter((e) => e.clientMsgId !== clientMsgId)),
  };
}

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Keeps the outbox in IndexedDB (database `dbName`, object store `outbox`): asynchronous and roomy, for apps that
 * queue many or long messages.
 *
 * @example
 * ```ts
 * createClient({ url, token, storage: indexedDbStorage('ichat') });
 * ```
 */
export function indexedDbStorage(dbName = 'ichat', factory: IDBFactory = globalThis.indexedDB): OutboxStorage {
  const storeName = 'outbox';
  let database: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> => {
    database ??= new Promise((resolve, reject) => {
      const request = factory.open(dbName, 1);
      request.onupgradeneeded = () => {
        // `seq` keeps insertion order, which the outbox needs to resend in the order messages were written.
        request.result.createObjectStore(storeName, { keyPath: 'clientMsgId' }).createIndex('seq', 'seq');
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('Could not open IndexedDB'));
    });
    return database;
  };
  let last = 0;
  const store = async (mode: IDBTransactionMode): Promise<IDBObjectStore> =>
    (await open()).transaction(storeName, mode).objectStore(storeName);
  return {
    load: async () => parseStoredList(await promised((await store('readonly')).index('seq').getAll())),
    put: async (entry) => {
      const objects = await store('readwrite');
      await new Promise<void>((resolve, reject) => {
        const existing = objects.get(entry.clientMsgId);
        existing.onerror = () => reject(existing.error ?? new Error('IndexedDB read failed'));
        existing.onsuccess = () => {
          // An entry put again keeps its place; a new one goes last. Time-based so the order holds across reloads.
          const kept: unknown = isFields(existing.result) ? existing.result['seq'] : undefined;
          if (typeof kept !== 'number') last = Math.max(last + 1, Date.now());
          const write = objects.put({ ...entry, seq: typeof kept === 'number' ? kept : last });
          write.onsuccess = () => resolve();
          write.onerror = () => reject(write.error ?? new Error('IndexedDB write failed'));
        };
      });
    },
    delete: async (clientMsgId) => {
      await promised((await store('readwrite')).delete(clientMsgId));
    },
  };
}

/** The best storage this runtime offers: localStorage in browsers, memory elsewhere. */
export function defaultStorage(key: string): OutboxStorage {
  try {
    if (typeof globalThis.localStorage !== 'undefined' && isFields(globalThis.localStorage)) {
      return localStorageStorage(key);
    }
  } catch {
    // Touching localStorage throws in some privacy modes; fall through to memory.
  }
  return memoryStorage();
}
