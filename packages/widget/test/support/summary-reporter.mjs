// A test-runner reporter that writes {"passed": N, "failed": N} to test-results/wtr.json, so the CI tally counts
// browser tests beside vitest's. A session that failed without a failed test (a file that did not load) counts as
// one failure.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

function countSuite(suite, counts) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) continue;
    if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites ?? []) countSuite(child, counts);
}

export function summaryReporter(file = 'test-results/wtr.json') {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0 };
      for (const session of sessions) {
        const before = counts.failed;
        if (session.testResults !== undefined) countSuite(session.testResults, counts);
        if (!session.passed && counts.failed === before) counts.failed += 1;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(counts)}\n`);
    },
  };
}
