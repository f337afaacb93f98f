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
 *
 * With a commit delay (as PostgreSQL's `commit_delay`), a batch whose first message arrives within the delay of the
 * previous commit's start waits until the delay has passed since that start, so that under steady load each commit
 * (its page writes and its fsync) is shared by more messages, at the price of up to the delay in latency. A message
 * that finds the queue idle for longer is committed at once: a quiet server adds no latency.
 */
export class CommitQueue {
  readonly #store: Store;
  readonly #observe: CommitObserver;
  readonly #delayMs: number;
  #waiting: Waiting[] = [];
  #scheduled = false;
  #inFlight: Promise<void> = Promise.resolve();
  /** When the last commit started (monotonic ms), to tell steady load from a quiet queue. */
  #lastCommitAt = Number.NEGATIVE_INFINITY;

  /** `delayMs` 0 commits every turn's messages at once. */
  constructor(store: Store, observe: CommitObserver, delayMs = 0) {
    this.#store = store;
    this.#observe = observe;
    this.#delayMs = delayMs;
  }

  /** Queues a message for the next commit and resolves with what was stored. */
  enqueue(message: QueuedMessage): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ message, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        const start = (): void => {
          this.#inFlight = this.#inFlight.then(() => this.#flush());
        };
        const sinceLast = performance.now() - this.#lastCommitAt;
        if (sinceLast < this.#delayMs) setTimeout(start, this.#delayMs - sinceLast);
        // setImmediate runs after the I/O callbacks of this turn, so every frame read in it joins the batch.
        else setImmediate(start);
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
    this.#lastCommitAt = performance.now();
    // What is queued now, and only that: a message that arrives while these commits run has scheduled its own start
    // (after the rest of the delay, when one is set), and taking it here would let it skip the delay.
    const queued = this.#waiting;
    this.#waiting = [];
    for (let at = 0; at < queued.length; at += MAX_BATCH) await this.#commit(queued.slice(at, at + MAX_BATCH));
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
