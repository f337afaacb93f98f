// Totals test results over every package and prints one line, "N passed, N failed".
//
// It reads every packages/*/test-results/*.json. Two shapes are understood:
//   - Jest-style reports, as vitest's `json` reporter writes them: numPassedTests, numFailedTests, and testResults[]
//     whose entries may have failed without a single failed test (a file that did not even load);
//   - a plain summary, for runners that are given a small reporter of their own: {"passed": N, "failed": N}, with
//     an optional "failures": ["what failed: why", ...].
// Under each file's line it names the tests that failed, with the first line of why, so that the tail of a CI log (often
// all that is kept) says what to look at.
// Exits 1 when anything failed, when no test ran at all, or when a result file cannot be read.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// The repository, or the folder given as the first argument (the tally's own test gives one of its making).
const root = process.argv[2] ?? new URL('..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');

/** At most this many failures are named per result file. */
const NAMED_FAILURES = 10;

/** The first non-empty line of an error text, shortened. */
function firstLine(text) {
  // eslint-disable-next-line no-control-regex -- colour codes a reporter may leave in its messages
  const plain = String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  const line = (plain.split('\n').find((part) => part.trim() !== '') ?? '').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** Passed and failed counts of one result file, and a line for each failure it names. */
function countsOf(report) {
  if (typeof report.numPassedTests === 'number' && typeof report.numFailedTests === 'number') {
    const failures = [];
    let fileFailures = 0;
    for (const file of report.testResults ?? []) {
      const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
      for (const test of failedTests) {
        failures.push(`${relative(root, file.name ?? '')} › ${test.fullName ?? test.title}: ${firstLine(test.failureMessages?.[0])}`);
      }
      if (file.status === 'failed' && failedTests.length === 0) {
        fileFailures += 1;
        failures.push(`${relative(root, file.name ?? '')}: ${firstLine(file.message) || 'failed without a failed test'}`);
      }
    }
    // A run that failed for no reason the counts show (a crashed worker, an unhandled error) still fails.
    const unexplained = report.success === false && report.numFailedTests + fileFailures === 0 ? 1 : 0;
    if (unexplained === 1) failures.push('the run failed with no failed test (a crashed worker or an unhandled error)');
    return { passed: report.numPassedTests, failed: report.numFailedTests + fileFailures + unexplained, failures };
  }
  if (typeof report.passed === 'number' && typeof report.failed === 'number') {
    const failures = Array.isArray(report.failures) ? report.failures.map((line) => firstLine(line)) : [];
    return { passed: report.passed, failed: report.failed, failures };
  }
  throw new Error('unknown result format');
}

let passed = 0;
let failed = 0;
let files = 0;
let unreadable = 0;

for (const pkg of readdirSync(packagesDir).sort()) {
  const dir = join(packagesDir, pkg, 'test-results');
  let names;
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch {
    continue;
  }
  for (const name of names) {
    const file = join('packages', pkg, 'test-results', name);
    try {
      const counts = countsOf(JSON.parse(readFileSync(join(root, file), 'utf8')));
      passed += counts.passed;
      failed += counts.failed;
      files += 1;
      // Worded unlike the total so that only the last line reads as "N passed, N failed".
      console.log(`  ${file}: ${counts.passed} ok, ${counts.failed} not ok`);
      for (const failure of counts.failures.slice(0, NAMED_FAILURES)) console.log(`    ✗ ${failure}`);
      if (counts.failures.length > NAMED_FAILURES) {
        console.log(`    … and ${counts.failures.length - NAMED_FAILURES} more`);
      }
    } catch (error) {
      unreadable += 1;
      console.log(`  ${file}: cannot read (${error.message})`);
    }
  }
}

if (files + unreadable === 0) console.log('no test result files under packages/*/test-results');
else if (passed + failed + unreadable === 0) console.log('no test ran');
// A result file that cannot be read hides its tests' outcome, so it counts as one failure.
failed += unreadable;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
