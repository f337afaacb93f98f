// Binding a port: retried while a fixed port is taken, given up at the deadline, never retried for port 0.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listenWithRetries } from '../../src/transport/listen-retry.js';

/** An attempt that fails `failures` times, then binds. */
function failing(failures: number): { attempt: (done: (socket: string | false) => void) => void; calls: () => number } {
  let calls = 0;
  return {
    attempt: (done) => {
      calls += 1;
      done(calls > failures ? 'socket' : false);
    },
    calls: () => calls,
  };
}

describe('listening with retries', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('binds at once when it can', async () => {
    const { attempt, calls } = failing(0);
    await expect(listenWithRetries(attempt, { host: 'h', port: 8080 })).resolves.toBe('socket');
    expect(calls()).toBe(1);
  });

  it('retries a fixed port at each interval, telling each retry, until it binds', async () => {
    const { attempt, calls } = failing(3);
    const onRetry = vi.fn();
    const listening = listenWithRetries(attempt, { host: 'h', port: 8080, onRetry, intervalMs: 1000, retryMs: 90_000 });
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls()).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    await expect(listening).resolves.toBe('socket');
    expect(onRetry).toHaveBeenCalledTimes(3);
  });

  it('gives up at the deadline with an unavailable error naming the address', async () => {
    const { attempt } = failing(Infinity);
    const listening = listenWithRetries(attempt, { host: 'h', port: 8080, intervalMs: 1000, retryMs: 5000 });
    const outcome = expect(listening).rejects.toMatchObject({ code: 'unavailable', message: 'Cannot listen on h:8080' });
    await vi.advanceTimersByTimeAsync(6000);
    await outcome;
  });

  it('tries port 0 once: any free port will do, so failing to get one will not get better', async () => {
    const { attempt, calls } = failing(Infinity);
    const onRetry = vi.fn();
    await expect(listenWithRetries(attempt, { host: 'h', port: 0, onRetry })).rejects.toMatchObject({ code: 'unavailable' });
    expect(calls()).toBe(1);
    expect(onRetry).not.toHaveBeenCalled();
  });
});
