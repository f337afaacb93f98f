// The gate in front of password hashing: a bounded number at once, a bounded queue, and a refusal past both.

import { describe, expect, it } from 'vitest';
import { ConcurrencyGate } from '../../src/auth/concurrency-gate.js';

describe('ConcurrencyGate', () => {
  it('runs at most its limit at once and starts the waiting ones in arrival order as places free up', async () => {
    const gate = new ConcurrencyGate(2, 10);
    const started: number[] = [];
    const passes = Array.from({ length: 5 }, (_, i) => {
      const pass = gate.enter();
      if (pass === undefined) throw new Error('refused');
      void pass.ready.then(() => started.push(i));
      return pass;
    });
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(gate.load).toEqual({ running: 2, waiting: 3 });
    passes[1]?.leave();
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    passes[0]?.leave();
    passes[2]?.leave();
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(gate.load).toEqual({ running: 2, waiting: 0 });
  });

  it('refuses once both the running places and the queue are full, and admits again after one leaves', () => {
    const gate = new ConcurrencyGate(1, 1);
    const first = gate.enter();
    expect(gate.enter()).toBeDefined();
    expect(gate.enter()).toBeUndefined();
    first?.leave();
    expect(gate.enter()).toBeDefined();
  });

  it('counts a pass that leaves twice only once', () => {
    const gate = new ConcurrencyGate(1, 0);
    const pass = gate.enter();
    pass?.leave();
    pass?.leave();
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
    expect(gate.enter()).toBeDefined();
    expect(gate.enter()).toBeUndefined();
  });
});
