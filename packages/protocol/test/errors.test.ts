import { describe, expect, it } from 'vitest';
import { IChatError } from '../src/errors.js';

describe('IChatError', () => {
  it('recognises an error made by another copy of the module as an IChatError', async () => {
    // A query string makes the module loader evaluate the file again: a second copy, as a second bundle would have.
    const secondCopy = '../src/errors.ts?second-copy';
    const copy = (await import(/* @vite-ignore */ secondCopy)) as typeof import('../src/errors.js');
    expect(copy.IChatError).not.toBe(IChatError);
    const foreign = new copy.IChatError('rate_limited', 'Slow down', { retryAfterMs: 500 });
    expect(foreign instanceof IChatError).toBe(true);
    expect(new IChatError('forbidden', 'No') instanceof copy.IChatError).toBe(true);
  });

  it('is not fooled by other errors or by look-alikes without its mark', () => {
    expect(new Error('plain') instanceof IChatError).toBe(false);
    const lookAlike: object = { name: 'IChatError', code: 'forbidden', message: 'No' };
    expect(lookAlike instanceof IChatError).toBe(false);
    expect(Object.assign(new Error('x'), { code: 'forbidden' }) instanceof IChatError).toBe(false);
  });

  it('is still an Error with its code, status and wire shape', () => {
    const error = new IChatError('validation_failed', 'Bad', { field: 'text' });
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(400);
    expect(IChatError.fromWire(error.toWire())).toMatchObject({ code: 'validation_failed', field: 'text' });
  });
});
