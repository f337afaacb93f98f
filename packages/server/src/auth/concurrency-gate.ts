// Lets a bounded number of tasks run at once, queues a bounded number more, and refuses the rest.

/** A place taken in the gate: wait for `ready`, do the work, then `leave` (always, even on failure). */
export interface GatePass {
  readonly ready: Promise<void>;
  leave(): void;
}

export class ConcurrencyGate {
  readonly #running: number;
  readonly #waiting: number;
  #active = 0;
  readonly #queue: (() => void)[] = [];

  /** `running` tasks at once; `waiting` more may queue in arrival order. */
  constructor(running: number, waiting: number) {
    this.#running = running;
    this.#waiting = waiting;
  }

  /** Tasks running now and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.#active, waiting: this.#queue.length };
  }

  /** A pass, or undefined when both the running places and the queue are full. */
  enter(): GatePass | undefined {
    let left = false;
    const leave = (): void => {
      if (left) return;
      left = true;
      const next = this.#queue.shift();
      if (next === undefined) this.#active -= 1;
      else next();
    };
    if (this.#active < this.#running) {
      this.#active += 1;
      return { ready: Promise.resolve(), leave };
    }
    if (this.#queue.length >= this.#waiting) return undefined;
    return { ready: new Promise<void>((resolve) => this.#queue.push(resolve)), leave };
  }
}
