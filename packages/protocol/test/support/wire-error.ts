// What a refusal looks like on the wire, for tests that compare a validator's error with the documented one.

import { IChatError, type WireError } from '../../src/index.js';

/** Runs `work`, which must throw an IChatError, and returns that error's wire shape. */
export function wireErrorOf(work: () => unknown): WireError {
  try {
    work();
  } catch (error) {
    if (error instanceof IChatError) return error.toWire();
    throw error;
  }
  throw new Error('Expected a refusal, but the value was accepted');
}
