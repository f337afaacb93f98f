// When a socket counts as a slow consumer (the check made before each send and the periodic sweep's threshold), and
// the sweep itself.

/** How often a transport checks its sockets' send buffers for slow consumers. */
export const BACKPRESSURE_SWEEP_MS = 250;

/** Into how many ticks a transport splits one sweep, so no tick holds the event loop for long. */
export const BACKPRESSURE_SWEEP_SLICES = 10;

/**
 * How far past the limit a transport's own hard stop sits. The sweep closes slow consumers at the limit with a
 * proper close code; the hard stop only catches a burst that outruns the sweep, so memory stays bounded either way.
 */
const HARD_LIMIT_FACTOR = 4;

/** Thresholds over the number of bytes a socket has buffered and not yet written (`limitBytes`: the configured limit). */
export class BackpressurePolicy {
  readonly limitBytes: number;

  constructor(limitBytes: number) {
    this.limitBytes = limitBytes;
  }

  /** Where the transport drops frames or the socket on its own. */
  get hardLimitBytes(): number {
    return this.limitBytes * HARD_LIMIT_FACTOR;
  }

  /**
   * Whether sending `frame` on a socket with `bufferedBytes` waiting must close it instead. A frame on an empty
   * buffer always goes, however large, so a healthy client can receive any single reply; the frame's size is only
   * measured when something is already waiting.
   */
  closesBeforeSend(bufferedBytes: number, frame: string): boolean {
    return bufferedBytes > 0 && bufferedBytes + Buffer.byteLength(frame) > this.limitBytes;
  }

  /** Whether the periodic sweep closes a socket with `bufferedBytes` waiting. */
  isSlow(bufferedBytes: number): boolean {
    return bufferedBytes > this.limitBytes;
  }
}

/** What the sweep needs of a transport's sockets. */
export interface SweptSockets<Socket> {
  /** The open sockets. A Set's iterator stays valid while sockets come and go: closed ones are skipped, new ones visited. */
  readonly open: ReadonlySet<Socket>;
  /** Bytes queued for `socket` and not yet written. */
  bufferedBytes(socket: Socket): number;
  /** Closes `socket` as a slow consumer. */
  closeSlow(socket: Socket): void;
}

/**
 * Visits every open socket once per BACKPRESSURE_SWEEP_MS, a slice of them per tick, and closes the slow ones: one
 * pass over 10,000 sockets at once held the event loop for milliseconds, and every delivery waiting behind it took
 * that latency.
 *
 * A socket's send buffer only grows when something is written to it, so a pass that began after the last write finds
 * nothing the one before did not: the sweep then stops its timer until the transport reports the next write
 * (`noteWrite`). An idle server with 10,000 sockets was otherwise woken 40 times a second to ask each of them again.
 */
export class SlowConsumerSweep<Socket> {
  readonly #sockets: SweptSockets<Socket>;
  readonly #policy: BackpressurePolicy;
  #timer: NodeJS.Timeout | undefined;
  /** The pass under way, if any. */
  #pass: Iterator<Socket> | undefined;
  /** Whether anything was written since the pass under way (or the last one) began. */
  #written = false;

  constructor(sockets: SweptSockets<Socket>, policy: BackpressurePolicy) {
    this.#sockets = sockets;
    this.#policy = policy;
  }

  /** Whether the sweep's timer is running. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Called by the transport on every write: the next pass runs, and the timer starts if it had stopped. */
  noteWrite(): void {
    this.#written = true;
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.#tick(), BACKPRESSURE_SWEEP_MS / BACKPRESSURE_SWEEP_SLICES);
    this.#timer.unref();
  }

  #tick(): void {
    if (this.#pass === undefined) {
      if (!this.#written) {
        clearInterval(this.#timer);
        this.#timer = undefined;
        return;
      }
      this.#written = false;
      this.#pass = this.#sockets.open.values();
    }
    // At least one step, so that a pass over no sockets ends too.
    for (let left = Math.max(1, Math.ceil(this.#sockets.open.size / BACKPRESSURE_SWEEP_SLICES)); left > 0; left--) {
      const next = this.#pass.next();
      if (next.done === true) {
        this.#pass = undefined;
        return;
      }
      if (this.#policy.isSlow(this.#sockets.bufferedBytes(next.value))) this.#sockets.closeSlow(next.value);
    }
  }
}
