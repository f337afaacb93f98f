// When a socket counts as a slow consumer: the check made before each send and the periodic sweep's threshold.

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
