// The schema kit's number block: finite numbers in, everything else refused naming the field.

import { describe, expect, it } from 'vitest';
import { number, object, parseWith, type Infer } from '../src/index.js';
import { wireErrorOf as failure } from './support/wire-error.js';

const Timing = object({ meanMs: number(0), share: number(0, 1), offset: number() });
type Timing = Infer<typeof Timing>;

describe('number()', () => {
  it('reads whole and fractional numbers, negative ones where the minimum allows', () => {
    const timing: Timing = parseWith(Timing, { meanMs: 0.125, share: 1, offset: -3.5 });
    expect(timing).toEqual({ meanMs: 0.125, share: 1, offset: -3.5 });
  });

  it('refuses NaN, infinities, strings and missing values, naming the field', () => {
    for (const meanMs of [Number.NaN, Number.POSITIVE_INFINITY, '1.5', undefined, null]) {
      expect(failure(() => parseWith(Timing, { meanMs, share: 0, offset: 0 }))).toMatchObject({
        code: 'bad_request',
        message: '"meanMs" must be a finite number',
        field: 'meanMs',
      });
    }
  });

  it('refuses values outside its bounds', () => {
    expect(failure(() => parseWith(Timing, { meanMs: -0.5, share: 0, offset: 0 })).message).toBe('"meanMs" must be ≥ 0');
    expect(failure(() => parseWith(Timing, { meanMs: 1, share: 1.01, offset: 0 })).message).toBe('"share" may be at most 1');
  });
});
