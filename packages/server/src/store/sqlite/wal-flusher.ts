// Makes committed transactions durable without blocking the event loop.
//
// With `synchronous = FULL`, SQLite fsyncs the write-ahead log inside every commit, on the calling thread: the
// server's one event loop then waits on the disk for each group commit (about half its time under load). Instead the
// connection runs with `synchronous = NORMAL` (commits only write the log into the OS page cache) and this flusher
// fsyncs the log on libuv's thread pool afterwards. Callers acknowledge a write only once its flush resolved, so an
// acknowledged write survives power loss exactly as under FULL, while the event loop keeps serving other frames.
//
// Flushes are coalesced: a flush asked for while one is running waits for the next one, which starts as soon as the
// running one ends and covers every commit made before it starts. Waiters are released in the order they asked.

import { closeSync, fdatasync, openSync } from 'node:fs';

export class WalFlusher {
  readonly #path: string;
  #descriptor: number | undefined;
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;
  #failure: Error | undefined;

  /** `path` is the database's write-ahead log, `<database>-wal`. */
  constructor(path: string) {
    this.#path = path;
  }

  /** Resolves once every transaction committed before this call is on disk. */
  flush(): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const running = this.#running;
    if (running === undefined) return this.#start();
    this.#next ??= running.then(() => {
      this.#next = undefined;
      return this.#start();
    });
    return this.#next;
  }

  /** Waits for the flushes under way, then closes the log's descriptor. */
  async close(): Promise<void> {
    await Promise.allSettled([this.#running, this.#next]);
    if (this.#descriptor !== undefined) closeSync(this.#descriptor);
    this.#descriptor = undefined;
  }

  #start(): Promise<void> {
    let descriptor: number;
    try {
      // Opened on first use: SQLite creates the log with the first write. It keeps the same file (and inode) while a
      // connection is open, resetting it in place after checkpoints, so one descriptor serves the whole run.
      descriptor = this.#descriptor ??= openSync(this.#path, 'r+');
    } catch (error) {
      return Promise.reject(this.#fail(error));
    }
    const run = new Promise<void>((resolve, reject) => {
      fdatasync(descriptor, (error) => {
        if (this.#running === run) this.#running = undefined;
        if (error === null) resolve();
        else reject(this.#fail(error));
      });
    });
    this.#running = run;
    return run;
  }

  #fail(error: unknown): Error {
    // After a failed fsync the kernel may have dropped the dirty pages: nothing written since can be called durable
    // any more, so every later write is refused too (as databases do) until the server restarts.
    const reason = error instanceof Error ? error.message : String(error);
    this.#failure = new Error(`Could not flush the database log to disk: ${reason}`, { cause: error });
    return this.#failure;
  }
}
