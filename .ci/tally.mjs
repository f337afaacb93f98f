// Totals test results over every package and prints one line, "N passed, N failed".
//
// It reads every packages/*/test-results/*.json. Two shapes are understood:
//   - Jest-style reports, as vitest's `json` reporter writes them: numPassedTests, numFailedTests, and testResults[]
//     whose entries may have failed without a single failed test (a file that did not even load);
//   - a plain summary, for runners that are given a small reporter of their own: {"passed": N, "failed": N}.
// Exits 1 when anything failed, when no test ran at all, or when a result file cannot be read.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');

/** Passed and failed counts of one result file. */
function countsOf(report) {
  if (typeof report.numPassedTests === 'number' && typeof report.numFailedTests === 'number') {
    const fileFailures = (report.testResults ?? []).filter(
      (file) =>
        file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
    ).length;
    // A run that failed for no reason the counts show (a crashed worker, an unhandled error) still fails.
    const unexplained = report.success === false && report.numFailedTests + fileFailures === 0 ? 1 : 0;
    return { passed: report.numPassedTests, failed: report.numFailedTests + fileFailures + unexplained };
  }
  if (typeof report.passed === 'number' && typeof report.failed === 'number') {
    return { passed: report.passed, failed: report.failed };
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
    } catch (error) {
      unreadable += 1;
      console.log(`  ${file}: cannot read (${error.message})`);
    }
  }
}

if (files === 0) console.log('no test result files under packages/*/test-results');
else if (passed + failed === 0) console.log('no test ran');
// A result file that cannot be read hides its tests' outcome, so it counts as one failure.
failed += unreadable;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
