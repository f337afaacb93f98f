// The server's two clocks: wall-clock time for instants that are stored or shown, a monotonic clock for durations.
//
// The wall clock (`Date.now()`) can jump either way: an NTP step, a VM resumed from a snapshot, an operator's
// `date -s`. Anything that measures how long ago something happened in memory (rate limiters, throttle windows, the
// typing throttle, an open socket's remaining token life) reads `monotonicNow()` instead, which only ever moves
// forward at the rate of real time. It starts near zero with the process, so it is never stored: persisted instants
// (createdAt, a token's expiresAt) stay wall-clock. docs/reliability.md ("Clocks") says what a jump does to those.

/** Milliseconds on a clock that never jumps, from an arbitrary origin in this process; only differences mean anything. */
export function monotonicNow(): number {
  return performance.now();
}
