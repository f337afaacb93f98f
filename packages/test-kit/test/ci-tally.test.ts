// CI's last lines come from .ci/tally.mjs: the total over every package's result files, and the name of each test
// that failed, so that the tail of a log (often all that is kept) says what to look at.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';

const TALLY = fileURLToPath(new URL('../../../.ci/tally.mjs', import.meta.url));

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ichat-tally-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function writeResult(pkg: string, name: string, report: unknown): void {
  const dir = join(root, 'packages', pkg, 'test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), JSON.stringify(report));
}

function tally(): { status: number | null; lines: string[] } {
  const run = spawnSync(process.execPath, [TALLY, root], { encoding: 'utf8' });
  return { status: run.status, lines: run.stdout.trimEnd().split('\n') };
}

/** A vitest JSON report of one file holding the given tests. */
function vitestReport(tests: { name: string; failure?: string }[], extra: object = {}): object {
  const failed = tests.filter((test) => test.failure !== undefined).length;
  return {
    numPassedTests: tests.length - failed,
    numFailedTests: failed,
    success: failed === 0,
    testResults: [
      {
        name: join(root, 'packages', 'server', 'test', 'rooms.test.ts'),
        status: failed === 0 ? 'passed' : 'failed',
        message: '',
        assertionResults: tests.map((test) => ({
          fullName: test.name,
          status: test.failure === undefined ? 'passed' : 'failed',
          failureMessages: test.failure === undefined ? [] : [test.failure],
        })),
      },
    ],
    ...extra,
  };
}

describe('the CI tally', () => {
  it('totals every result file and exits 0 when all passed', () => {
    writeResult('server', 'vitest.json', vitestReport([{ name: 'a' }, { name: 'b' }]));
    writeResult('widget', 'wtr.json', { passed: 3, failed: 0, failures: [] });
    const { status, lines } = tally();
    expect(status).toBe(0);
    expect(lines).toEqual([
      '  packages/server/test-results/vitest.json: 2 ok, 0 not ok',
      '  packages/widget/test-results/wtr.json: 3 ok, 0 not ok',
      '5 passed, 0 failed',
    ]);
  });

  it("names a failed vitest test with its file and the first line of its message, colour codes removed", () => {
    const failure = '\u001b[31mAssertionError: expected 1 to be 2\u001b[39m\n    at rooms.test.ts:12:3';
    writeResult('server', 'vitest.json', vitestReport([{ name: 'rooms › a join is announced', failure }, { name: 'b' }]));
    const { status, lines } = tally();
    expect(status).toBe(1);
    expect(lines).toEqual([
      '  packages/server/test-results/vitest.json: 1 ok, 1 not ok',
      '    ✗ packages/server/test/rooms.test.ts › rooms › a join is announced: AssertionError: expected 1 to be 2',
      '1 passed, 1 failed',
    ]);
  });

  it('names a file that failed without a failed test, and a run that failed with none', () => {
    const report = vitestReport([{ name: 'a' }]) as { testResults: { status: string; message: string }[] };
    report.testResults[0]!.status = 'failed';
    report.testResults[0]!.message = 'Failed to load url ./missing.js';
    writeResult('server', 'vitest.json', report);
    writeResult('sdk', 'vitest.json', vitestReport([{ name: 'a' }], { success: false }));
    const { status, lines } = tally();
    expect(status).toBe(1);
    expect(lines).toEqual([
      '  packages/sdk/test-results/vitest.json: 1 ok, 1 not ok',
      '    ✗ the run failed with no failed test (a crashed worker or an unhandled error)',
      '  packages/server/test-results/vitest.json: 1 ok, 1 not ok',
      '    ✗ packages/server/test/rooms.test.ts: Failed to load url ./missing.js',
      '2 passed, 2 failed',
    ]);
  });

  it("prints a summary file's own failure lines, at most ten of them", () => {
    const failures = Array.from({ length: 12 }, (_, index) => `test/chat.test.ts › case ${index}: timed out`);
    writeResult('widget', 'wtr.json', { passed: 1, failed: 12, failures });
    const { status, lines } = tally();
    expect(status).toBe(1);
    expect(lines[0]).toBe('  packages/widget/test-results/wtr.json: 1 ok, 12 not ok');
    expect(lines.slice(1, 11)).toEqual(failures.slice(0, 10).map((line) => `    ✗ ${line}`));
    expect(lines.slice(11)).toEqual(['    … and 2 more', '1 passed, 12 failed']);
  });

  it('counts a result file it cannot read as a failure', () => {
    writeResult('server', 'vitest.json', { something: 'else' });
    const { status, lines } = tally();
    expect(status).toBe(1);
    expect(lines).toEqual([
      '  packages/server/test-results/vitest.json: cannot read (unknown result format)',
      '0 passed, 1 failed',
    ]);
  });
});
