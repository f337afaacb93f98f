import { describe, expect, it } from 'vitest';
import { parseCpuList } from '../../src/harness/cores.js';

describe('parseCpuList', () => {
  it('expands ranges and single CPUs in order', () => {
    expect(parseCpuList('0-3,6')).toEqual([0, 1, 2, 3, 6]);
    expect(parseCpuList('1\n')).toEqual([1]);
  });
});
