// Files the bench reads back are read with the schemas its types come from: results, CPU profiles, S5's output.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IChatError, parseWith } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { CpuProfileSchema, functionTimes } from '../../src/report/profile-summary.js';
import { RunResultsSchema } from '../../src/report/results.js';
import { RawInsertsSchema } from '../../src/scenarios/s5-persistence.js';

const RESULTS_DIR = fileURLToPath(new URL('../../results/', import.meta.url));

/** Every full run's results committed in the results folder (soak results have their own shape). */
const committed = readdirSync(RESULTS_DIR).filter((name) => name.endsWith('.json') && !name.startsWith('soak-'));

describe('reading results back (--report)', () => {
  it.each(committed)('reads %s into exactly what was written', (name) => {
    const written: unknown = JSON.parse(readFileSync(`${RESULTS_DIR}${name}`, 'utf8'));
    // Same fields, same values, same order: rendering it again loses and reorders nothing.
    expect(JSON.stringify(parseWith(RunResultsSchema, written, 'internal'))).toBe(JSON.stringify(written));
  });

  it('names the field a damaged file gets wrong', () => {
    const written: unknown = JSON.parse(readFileSync(`${RESULTS_DIR}latest.json`, 'utf8'));
    const damaged: unknown = JSON.parse(JSON.stringify(written).replace('"p99_ms_at_50pct":', '"p99_ms_at_50pct":"fast","was":'));
    expect(() => parseWith(RunResultsSchema, damaged, 'internal')).toThrow(IChatError);
    expect(() => parseWith(RunResultsSchema, damaged, 'internal')).toThrow('"s2.p99_ms_at_50pct" must be a finite number');
  });
});

describe('reading a CPU profile', () => {
  it('reads unknown lines and negative deltas, and sums self and total time per function', () => {
    const profile = parseWith(CpuProfileSchema, {
      startTime: 1000,
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2] },
        { id: 2, callFrame: { functionName: 'work', url: '', lineNumber: 9 }, hitCount: 3 },
      ],
      samples: [2, 2, 1],
      timeDeltas: [2000, -500, 1500],
    });
    const times = functionTimes(profile);
    expect(times.find((time) => time.name === 'work')).toEqual({ name: 'work', selfMs: 1.5, totalMs: 1.5 });
    expect(times.find((time) => time.name === '(root)')?.totalMs).toBe(3);
  });

  it('refuses a file that is not a profile', () => {
    expect(() => parseWith(CpuProfileSchema, { nodes: [] })).toThrow('"startTime" must be an integer');
  });
});

describe("reading S5's raw insert output", () => {
  it('reads the rates and CPU per batch size, takes output without the CPU, and refuses a missing rate', () => {
    const measured = { batch: 10, messagesPerSecond: 5230, cpuMicrosPerMessage: 41 };
    expect(parseWith(RawInsertsSchema, { results: [measured] })).toEqual({ results: [measured] });
    expect(parseWith(RawInsertsSchema, { results: [{ batch: 10, messagesPerSecond: 5230 }] })).toEqual({
      results: [{ batch: 10, messagesPerSecond: 5230 }],
    });
    expect(() => parseWith(RawInsertsSchema, { results: [{ batch: 10 }] })).toThrow('"results.0.messagesPerSecond"');
    expect(() => parseWith(RawInsertsSchema, { results: [{ ...measured, cpuMicrosPerMessage: -1 }] })).toThrow(
      '"results.0.cpuMicrosPerMessage"',
    );
  });
});
