// Group commit: messages that arrive in the same event-loop turn are stored in one transaction.

import { IChatError } from '@ichat/protocol';
import type { AppendResult, QueuedMessage, Store } from '../store/contract/store.js';

interface Waiting {
  message: QueuedMessage;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** Observes each commit, for metrics. */
export type CommitObserver = (batchSize: number, seconds: number) => void;

const MAX_BATCH = 2000;

/**
 * Collects sends and writes them in one transaction per event-loop turn, so one fsync covers many messages.
 * A message's promise resolves only after its transaction committed and the log holding it reached the disk (the
 * store's write resolves then): acks and broadcasts come after that.
 */
export class CommitQueue {
  readonly #store: Store;
  readonly #observe: CommitObserver;
  #waiting: Waiting[] = [];
  #scheduled = false;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(store: Store, observe: CommitObserver) {
    this.#store = store;
    this.#observe = observe;
  }

  /** Queues a message for the next commit and resolves with what was stored. */
  enqueue(message: QueuedMessage): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ message, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // setImmediate runs after the I/O callbacks of this turn, so every frame read in it joins the batch.
        setImmediate(() => {
          this.#inFlight = this.#inFlight.then(() => this.#flush());
        });
      }
    });
  }

  /** Resolves once everything queued so far is committed (and its promises settled). */
  async drain(): Promise<void> {
    while (this.#scheduled || this.#waiting.length > 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      await this.#inFlight;
    }
    await this.#inFlight;
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    while (this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, MAX_BATCH);
      await this.#commit(batch);
    }
  }

  async #commit(batch: Waiting[]): Promise<void> {
    const started = performance.now();
    try {
      const results = await this.#store.messages.append(batch.map((waiting) => waiting.message));
      this.#observe(batch.length, (performance.now() - started) / 1000);
      batch.forEach((waiting, index) => {
        const result = results[index];
        if (result === undefined) waiting.reject(new Error('Store returned fewer results than messages'));
        else waiting.resolve(result);
      });
    } catch (error) {
      // Storage that cannot take writes (disk full, lock held) refuses each message as it refused the batch: reject
      // them all, none acknowledged, without retrying one by one (each retry would wait on the disk or the lock again).
      if (batch.length === 1 || (error instanceof IChatError && error.code === 'unavailable')) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      // One bad message (its room vanished, say) must not sink the others: retry them one by one.
      for (const waiting of batch) await this.#commit([waiting]);
    }
  }
}
