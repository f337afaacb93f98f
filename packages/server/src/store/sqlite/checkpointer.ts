// Checkpoints the write-ahead log on a thread of its own.
//
// A checkpoint copies the pages committed to the log back into the database file and fsyncs both. SQLite runs it
// inside whichever commit finds the log past 1,000 pages: on the server's event loop, every second or so under load,
// stalling every socket for several milliseconds (a p99.9 of 6.5 ms and stalls up to 12 ms per 5-message commit,
// against 1.1 ms and 2.6 ms without). Here a worker thread with its own connection runs passive checkpoints, which
// never block the server's reads or writes; the server's connection keeps a far higher threshold as a safety net.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints. Each run copies what was committed since the last one. */
const INTERVAL_MS = 200;

export interface CheckpointerOptions {
  /** Called when a checkpoint fails; the worker keeps trying at the next interval. */
  onError: (message: string) => void;
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
const run = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
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
      if (typeof error === 'string') options.onError(error);
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
