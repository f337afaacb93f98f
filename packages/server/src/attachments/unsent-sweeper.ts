// Removes uploads that no message took within the grace period, on a timer, in small batches.

/** What the sweeper asks to remove; {@link AttachmentService.sweep} in the server. */
export type SweepUnsent = (before: number, limit: number) => Promise<number>;

export interface SweeperOptions {
  /** How long an upload may wait for a message to take it. */
  graceMs: number;
  /** How often to look. */
  intervalMs: number;
  /** Called when a sweep fails; the next one tries again. */
  onError: (error: unknown) => void;
}

/** Uploads removed per batch: small enough that one transaction never holds the database for long. */
const BATCH = 200;

export class UnsentSweeper {
  readonly #sweep: SweepUnsent;
  readonly #options: SweeperOptions;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> = Promise.resolve(0);

  constructor(sweep: SweepUnsent, options: SweeperOptions, now: () => number = Date.now) {
    this.#sweep = sweep;
    this.#options = options;
    this.#now = now;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.runOnce(), this.#options.intervalMs);
    this.#timer.unref();
  }

  /** Sweeps every upload older than the grace period now (batch after batch); resolves with how many went. */
  runOnce(): Promise<number> {
    this.#running = this.#running.then(async () => {
      let total = 0;
      try {
        const before = this.#now() - this.#options.graceMs;
        for (;;) {
          const removed = await this.#sweep(before, BATCH);
          total += removed;
          if (removed < BATCH) break;
        }
      } catch (error) {
        this.#options.onError(error);
      }
      return total;
    });
    return this.#running;
  }

  /** Stops the timer and waits for a sweep under way. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
