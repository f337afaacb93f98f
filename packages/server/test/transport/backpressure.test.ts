// When a socket counts as a slow consumer: before a send, and at the periodic sweep.

import { describe, expect, it } from 'vitest';
import { BackpressurePolicy } from '../../src/transport/backpressure.js';

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
