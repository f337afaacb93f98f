// A test-runner reporter that writes {"passed": N, "failed": N, "failures": [...]} to test-results/wtr.json, so the CI
// tally counts browser tests beside vitest's and names those that failed ("file › suite › test: message"). A session
// that failed without a failed test (a file that did not load) counts as one failure.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

function countSuite(suite, path, counts) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) continue;
    if (test.passed) counts.passed += 1;
    else {
      counts.failed += 1;
      counts.failures.push(`${[...path, test.name].join(' › ')}: ${test.error?.message ?? 'failed'}`);
    }
  }
  for (const child of suite.suites ?? []) countSuite(child, [...path, child.name], counts);
}

export function summaryReporter(file = 'test-results/wtr.json') {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, failures: [] };
      for (const session of sessions) {
        const before = counts.failed;
        const file = relative(process.cwd(), session.testFile);
        if (session.testResults !== undefined) countSuite(session.testResults, [file], counts);
        if (!session.passed && counts.failed === before) {
          counts.failed += 1;
          const why = session.errors?.[0]?.message ?? 'the file failed without a failed test';
          counts.failures.push(`${file}: ${why}`);
        }
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(counts)}\n`);
    },
  };
}
