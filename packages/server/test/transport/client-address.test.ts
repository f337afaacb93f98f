// Whose address a request carries: X-Forwarded-For only behind a trusted proxy, and then only its last entry.

import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../src/transport/client-address.js';

const PEER = '10.0.0.5';

describe('client address', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.7', false, () => PEER)).toBe(PEER);
    expect(clientAddress(undefined, false, () => PEER)).toBe(PEER);
  });

  it('is the last X-Forwarded-For entry behind a trusted proxy: earlier ones are what the client claimed', () => {
    expect(clientAddress('203.0.113.7', true, () => PEER)).toBe('203.0.113.7');
    expect(clientAddress('203.0.113.7, 198.51.100.1', true, () => PEER)).toBe('198.51.100.1');
    expect(clientAddress('  spoofed ,203.0.113.7  ', true, () => PEER)).toBe('203.0.113.7');
  });

  it('falls back to the peer when a trusted header is missing, empty or ends in an empty entry', () => {
    expect(clientAddress(undefined, true, () => PEER)).toBe(PEER);
    expect(clientAddress('', true, () => PEER)).toBe(PEER);
    expect(clientAddress('203.0.113.7, ', true, () => PEER)).toBe(PEER);
  });

  it('reads the peer address only when it is the answer', () => {
    let reads = 0;
    const peer = (): string => {
      reads += 1;
      return PEER;
    };
    clientAddress('203.0.113.7', true, peer);
    expect(reads).toBe(0);
    clientAddress('203.0.113.7', false, peer);
    expect(reads).toBe(1);
  });
});
