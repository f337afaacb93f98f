// Shows how far a copy is: a bar redrawn in place on a terminal, a plain line every few seconds anywhere else.

/** Where the progress goes: stdout, or any stream that says whether it is a terminal. */
export interface ProgressOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const BAR_WIDTH = 30;
/** A terminal is redrawn at most this often; other outputs get a line this often. */
const TERMINAL_MS = 100;
const LINE_MS = 5_000;

const count = (value: number): string => value.toLocaleString('en-US');

/** Seconds as `1:05:09`, `5:09` or `9 s`. */
export function duration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  const mmss = `${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/**
 * Rows copied of the total, with an estimate of the time left from this run's own rate (rows an earlier, interrupted
 * run copied do not count towards the rate).
 */
export class ProgressDisplay {
  readonly #output: ProgressOutput;
  readonly #total: number;
  readonly #startedWith: number;
  readonly #startedAt: number;
  readonly #now: () => number;
  #done: number;
  #table = '';
  #shownAt = 0;

  constructor(output: ProgressOutput, total: number, done: number, now: () => number = Date.now) {
    this.#output = output;
    this.#total = total;
    this.#done = done;
    this.#startedWith = done;
    this.#now = now;
    this.#startedAt = now();
  }

  /** Rows of `table` were copied. */
  advance(table: string, rows: number): void {
    this.#done += rows;
    this.#table = table;
    const now = this.#now();
    if (now - this.#shownAt < (this.#output.isTTY === true ? TERMINAL_MS : LINE_MS)) return;
    this.#shownAt = now;
    this.#show();
  }

  /** The last state, and the end of the bar's line. */
  finish(): void {
    this.#table = '';
    this.#show();
    if (this.#output.isTTY === true) this.#output.write('\n');
  }

  #eta(): string {
    const copied = this.#done - this.#startedWith;
    const elapsed = (this.#now() - this.#startedAt) / 1000;
    if (this.#done >= this.#total) return `done in ${duration(elapsed)}`;
    if (copied === 0 || elapsed === 0) return 'ETA unknown';
    return `ETA ${duration(((this.#total - this.#done) * elapsed) / copied)}`;
  }

  #show(): void {
    const share = this.#total === 0 ? 1 : Math.min(1, this.#done / this.#total);
    const status = `${count(this.#done)} / ${count(this.#total)} rows (${Math.floor(share * 100)}%)${this.#table === '' ? '' : `, ${this.#table}`}, ${this.#eta()}`;
    if (this.#output.isTTY === true) {
      const filled = Math.round(share * BAR_WIDTH);
      // Back to the line's start, the bar, then erase what a longer earlier line left.
      this.#output.write(`\r[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${status}\u001b[K`);
    } else {
      this.#output.write(`copied ${status}\n`);
    }
  }
}
