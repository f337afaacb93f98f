// Checkpoints the write-ahead log on a thread of its own.
//
// A checkpoint copies the pages committed to the log back into the database file and fsyncs both. SQLite runs it
// inside whichever commit finds the log past 1,000 pages: on the server's event loop, every second or so under load,
// stalling every socket for several milliseconds (a p99.9 of 6.5 ms and stalls up to 12 ms per 5-message commit,
// against 1.1 ms and 2.6 ms without). Here a worker thread with its own connection runs passive checkpoints, which
// never block the server's reads or writes; the server's connection keeps a far higher threshold as a safety net.
//
// On a full disk the checkpoints fail (the database file cannot grow) and the log grows instead until commits fail
// too. Nothing is lost: the log keeps every committed page until a checkpoint copies it. The worker reports the
// failure once and its end once, rather than every 200 ms.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints. Each run copies what was committed since the last one. */
const INTERVAL_MS = 200;

export interface CheckpointerOptions {
  /**
   * Called when checkpoints start failing (a full disk: the database file cannot grow), and again only if the reason
   * changes, not at every attempt; the worker keeps trying at each interval.
   */
  onError: (message: string) => void;
  /** Called when a checkpoint succeeds after failures. */
  onResumed?: () => void;
}

/**
 * The worker's whole program, run as a CommonJS script (an eval'd worker), so it works the same from the built
 * package and from the sources under test. It opens the database given in workerData with the driver the server
 * itself loaded, checkpoints every interval, and stops when told to.
 */
const WORKER_PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 100');
let failing;
const run = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    if (failing !== undefined) parentPort.postMessage({ resumed: true });
    failing = undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message !== failing) parentPort.postMessage({ error: message });
    failing = message;
  }
};
const timer = setInterval(run, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  run();
  db.close();
  parentPort.close();
});
`;

export class Checkpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;

  constructor(databasePath: string, options: CheckpointerOptions) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_PROGRAM, {
      eval: true,
      workerData: { driver, path: databasePath, intervalMs: INTERVAL_MS },
    });
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.on('message', (message: unknown) => {
      const error: unknown = typeof message === 'object' && message !== null ? Reflect.get(message, 'error') : undefined;
      const resumed: unknown = typeof message === 'object' && message !== null ? Reflect.get(message, 'resumed') : undefined;
      if (typeof error === 'string') options.onError(error);
      if (resumed === true) options.onResumed?.();
    });
    this.#worker.on('error', (error) => options.onError(error.message));
    // A forgotten store must not keep the process alive.
    this.#worker.unref();
  }

  /** Runs a last checkpoint, closes the worker's connection and waits for the thread to end. */
  async close(): Promise<void> {
    // Held open again so the process waits for the last checkpoint.
    this.#worker.ref();
    this.#worker.postMessage('stop');
    await this.#exited;
  }
}
