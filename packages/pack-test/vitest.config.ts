import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packing and the npm install happen once, before any file runs (better-sqlite3 may compile for minutes).
    globalSetup: ['src/global-setup.ts'],
    // Each file starts its own installed server, and one a browser; two cores cannot run them side by side well.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // The JSON report is what CI totals across packages (.ci/tally.mjs).
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
