// When a socket counts as a slow consumer: before a send, and at the periodic sweep.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackpressurePolicy, SlowConsumerSweep } from '../../src/transport/backpressure.js';

describe('backpressure policy', () => {
  const policy = new BackpressurePolicy(1000);

  it('always sends on an empty buffer, however large the frame', () => {
    expect(policy.closesBeforeSend(0, 'x'.repeat(10_000))).toBe(false);
  });

  it('closes before a send that would take a non-empty buffer past the limit', () => {
    expect(policy.closesBeforeSend(990, 'x'.repeat(10))).toBe(false);
    expect(policy.closesBeforeSend(990, 'x'.repeat(11))).toBe(true);
    expect(policy.closesBeforeSend(1, 'x'.repeat(1000))).toBe(true);
  });

  it('measures the frame in bytes, not characters', () => {
    // Each 'é' is two bytes in UTF-8.
    expect(policy.closesBeforeSend(990, 'é'.repeat(5))).toBe(false);
    expect(policy.closesBeforeSend(990, 'é'.repeat(6))).toBe(true);
  });

  it('sweeps out sockets over the limit, not at it', () => {
    expect(policy.isSlow(0)).toBe(false);
    expect(policy.isSlow(1000)).toBe(false);
    expect(policy.isSlow(1001)).toBe(true);
  });

  it('puts the hard stop at four times the limit, beyond what the sweep lets pile up', () => {
    expect(policy.hardLimitBytes).toBe(4000);
  });
});

describe('slow-consumer sweep', () => {
  interface FakeSocket {
    buffered: number;
    closed: boolean;
  }
  const PERIOD_MS = 250;
  const TICK_MS = 25;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function sweepOver(count: number): { sockets: FakeSocket[]; sweep: SlowConsumerSweep<FakeSocket>; asked: () => number } {
    const sockets = Array.from({ length: count }, () => ({ buffered: 0, closed: false }));
    const open = new Set(sockets);
    let asked = 0;
    const sweep = new SlowConsumerSweep<FakeSocket>(
      {
        open,
        bufferedBytes: (socket) => {
          asked++;
          return socket.buffered;
        },
        closeSlow: (socket) => {
          socket.closed = true;
          open.delete(socket);
        },
      },
      new BackpressurePolicy(1000),
    );
    return { sockets, sweep, asked: () => asked };
  }

  it('closes the sockets over the limit within one period of a write, a tenth of them per tick', () => {
    const { sockets, sweep, asked } = sweepOver(100);
    sockets[7]!.buffered = 1001;
    sockets[93]!.buffered = 1000;
    sweep.noteWrite();
    vi.advanceTimersByTime(TICK_MS);
    expect(asked()).toBe(10);
    vi.advanceTimersByTime(PERIOD_MS - TICK_MS);
    expect(asked()).toBe(100);
    expect(sockets.filter((socket) => socket.closed)).toEqual([sockets[7]]);
  });

  it('stops after a pass that began after the last write, and asks nothing while nothing is written', () => {
    const { sockets, sweep, asked } = sweepOver(100);
    sweep.noteWrite();
    vi.advanceTimersByTime(2 * PERIOD_MS);
    expect(sweep.running).toBe(false);
    const before = asked();
    vi.advanceTimersByTime(10 * PERIOD_MS);
    expect(asked()).toBe(before);

    // The next write starts it again.
    sockets[50]!.buffered = 5000;
    sweep.noteWrite();
    expect(sweep.running).toBe(true);
    vi.advanceTimersByTime(PERIOD_MS);
    expect(sockets[50]!.closed).toBe(true);
  });

  it('runs another pass for a write made during one, even to a socket the pass had already visited', () => {
    const { sockets, sweep } = sweepOver(100);
    sweep.noteWrite();
    vi.advanceTimersByTime(5 * TICK_MS);
    // Socket 0 was visited in the first tick, empty; the write that fills it comes in the middle of the pass.
    sockets[0]!.buffered = 2000;
    sweep.noteWrite();
    vi.advanceTimersByTime(5 * TICK_MS);
    expect(sockets[0]!.closed).toBe(false);
    vi.advanceTimersByTime(PERIOD_MS);
    expect(sockets[0]!.closed).toBe(true);
    vi.advanceTimersByTime(2 * PERIOD_MS);
    expect(sweep.running).toBe(false);
  });

  it('ends a pass over no sockets and stops', () => {
    const { sweep } = sweepOver(0);
    sweep.noteWrite();
    vi.advanceTimersByTime(3 * TICK_MS);
    expect(sweep.running).toBe(false);
  });
});
