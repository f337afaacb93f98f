// Unacknowledged sends: queued, persisted, sent one at a time in order, resent with the same id until acked.

import { IChatError, type Message } from '@ichat/protocol';
import type { OutboxStorage, StoredSend } from './outbox-storage.js';

/** `queued`: waiting for a connection (or a retry). `sending`: on the wire, awaiting the server's durable ack. */
export type PendingState = 'queued' | 'sending';

/** A message the server has not acknowledged yet, as the UI shows it. */
export interface OutboxEntry extends StoredSend {
  state: PendingState;
  /** How many times it went on the wire. */
  attempts: number;
}

/** What the outbox needs from the connection. */
export interface OutboxTransport {
  /** Whether requests can go out now. */
  isOpen(): boolean;
  /** The signed-in user's id, once authenticated. */
  userId(): number | undefined;
  send(entry: StoredSend): Promise<{ message: Message; duplicate: boolean }>;
}

/** What the outbox reports to the client. */
export interface OutboxObserver {
  changed(pending: readonly OutboxEntry[]): void;
  sent(entry: OutboxEntry, message: Message, duplicate: boolean): void;
  failed(entry: OutboxEntry, error: IChatError): void;
  storageError(error: IChatError): void;
}

interface Waiter {
  resolve(message: Message): void;
  reject(error: IChatError): void;
}

/** Errors after which the same send will be tried again; anything else is final and rejects the send. */
function willRetry(error: IChatError): boolean {
  return error.retryable;
}

/** The pause before retrying after a retryable refusal that names none. */
const DEFAULT_RETRY_MS = 1000;

/**
 * The outbox. A send resolves only when the server answers `message.send` (it answers after the message is
 * committed). Until then it stays here, persisted; whenever the socket reopens it is sent again with the same
 * `clientMsgId`, which the server uses to store it at most once.
 */
export class Outbox {
  readonly #storage: OutboxStorage;
  readonly #transport: OutboxTransport;
  readonly #observer: OutboxObserver;
  readonly #entries = new Map<string, OutboxEntry>();
  readonly #waiters = new Map<string, Waiter>();
  #pumping = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(storage: OutboxStorage, transport: OutboxTransport, observer: OutboxObserver) {
    this.#storage = storage;
    this.#transport = transport;
    this.#observer = observer;
  }

  /** Pending messages, oldest first. */
  get pending(): OutboxEntry[] {
    return [...this.#entries.values()].map((entry) => ({ ...entry }));
  }

  /** Loads sends left over from an earlier page or process; they go out on the next flush. */
  async restore(): Promise<void> {
    let stored: StoredSend[];
    try {
      stored = await this.#storage.load();
    } catch (error) {
      this.#observer.storageError(new IChatError('unavailable', 'Could not read the outbox', { cause: error }));
      return;
    }
    let added = false;
    for (const entry of stored) {
      if (this.#entries.has(entry.clientMsgId)) continue;
      this.#entries.set(entry.clientMsgId, { ...entry, state: 'queued', attempts: 0 });
      added = true;
    }
    if (added) this.#changed();
  }

  /** Queues a message and resolves with it once the server has stored it. */
  enqueue(entry: StoredSend): Promise<Message> {
    if (this.#closed) return Promise.reject(new IChatError('disconnected', 'The client is closed'));
    if (this.#entries.has(entry.clientMsgId)) {
      return Promise.reject(new IChatError('validation_failed', 'This clientMsgId is already pending', { field: 'clientMsgId' }));
    }
    const promise = new Promise<Message>((resolve, reject) => this.#waiters.set(entry.clientMsgId, { resolve, reject }));
    this.#entries.set(entry.clientMsgId, { ...entry, state: 'queued', attempts: 0 });
    this.#persist(() => this.#storage.put(entry));
    this.#changed();
    this.flush();
    return promise;
  }

  /**
   * Cancels a queued send: its promise rejects with `cancelled`. A send already on the wire cannot be recalled (the
   * server may have stored it), so that returns false.
   */
  cancel(clientMsgId: string): boolean {
    const entry = this.#entries.get(clientMsgId);
    if (entry === undefined || entry.state === 'sending') return false;
    this.#finish(entry);
    this.#waiters.get(clientMsgId)?.reject(new IChatError('cancelled', 'The send was cancelled'));
    this.#waiters.delete(clientMsgId);
    return true;
  }

  /** Sends whatever is queued, if the connection is open. Called on every (re)connect. */
  flush(): void {
    if (this.#pumping || this.#closed || !this.#transport.isOpen()) return;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#pumping = true;
    void this.#pump();
  }

  /** Accepts and sends messages again after {@link Outbox.close}. */
  reopen(): void {
    this.#closed = false;
  }

  /** Stops retrying; pending sends stay in storage for the next client. Their promises reject with `disconnected`. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    for (const waiter of this.#waiters.values()) waiter.reject(new IChatError('disconnected', 'The client is closed'));
    this.#waiters.clear();
  }

  /** One message at a time, in order: a room never sees this user's messages out of order, even after a retry. */
  async #pump(): Promise<void> {
    for (;;) {
      const entry = this.#nextToSend();
      // Cleared in the same turn as the last look at the queue, so a send queued after it starts a new pump.
      if (entry === undefined) {
        this.#pumping = false;
        return;
      }
      if (entry.userId === null) {
        entry.userId = this.#transport.userId() ?? null;
        const claimed: StoredSend = toStored(entry);
        this.#persist(() => this.#storage.put(claimed));
      }
      entry.state = 'sending';
      entry.attempts += 1;
      this.#changed();
      try {
        const { message, duplicate } = await this.#transport.send(toStored(entry));
        this.#finish(entry);
        this.#observer.sent({ ...entry }, message, duplicate);
        this.#waiters.get(entry.clientMsgId)?.resolve(message);
        this.#waiters.delete(entry.clientMsgId);
      } catch (caught) {
        const error = caught instanceof IChatError ? caught : new IChatError('internal', 'Send failed', { cause: caught });
        if (!willRetry(error)) {
          this.#finish(entry);
          this.#observer.failed({ ...entry }, error);
          this.#waiters.get(entry.clientMsgId)?.reject(error);
          this.#waiters.delete(entry.clientMsgId);
          continue;
        }
        entry.state = 'queued';
        this.#changed();
        // `disconnected` waits for the next open; other retryable errors wait as long as the server asked.
        if (error.code !== 'disconnected') {
          this.#retryTimer = setTimeout(() => this.flush(), error.retryAfterMs ?? DEFAULT_RETRY_MS);
        }
        this.#pumping = false;
        return;
      }
    }
  }

  #nextToSend(): OutboxEntry | undefined {
    const userId = this.#transport.userId();
    if (!this.#transport.isOpen() || userId === undefined || this.#closed) return undefined;
    return [...this.#entries.values()].find(
      (candidate) => candidate.state === 'queued' && (candidate.userId === null || candidate.userId === userId),
    );
  }

  #finish(entry: OutboxEntry): void {
    this.#entries.delete(entry.clientMsgId);
    this.#persist(() => this.#storage.delete(entry.clientMsgId));
    this.#changed();
  }

  #persist(write: () => Promise<void> | void): void {
    try {
      Promise.resolve(write()).catch((error: unknown) => this.#reportStorage(error));
    } catch (error) {
      this.#reportStorage(error);
    }
  }

  #reportStorage(error: unknown): void {
    this.#observer.storageError(new IChatError('unavailable', 'Could not write the outbox', { cause: error }));
  }

  #changed(): void {
    this.#observer.changed(this.pending);
  }
}

function toStored(entry: OutboxEntry): StoredSend {
  const stored: StoredSend = {
    clientMsgId: entry.clientMsgId,
    roomId: entry.roomId,
    text: entry.text,
    createdAt: entry.createdAt,
    userId: entry.userId,
  };
  if (entry.attachments !== undefined) stored.attachments = entry.attachments;
  if (entry.replyTo !== undefined) stored.replyTo = entry.replyTo;
  return stored;
}
