import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starts the real server: needs `pnpm build` first, like the other suites.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The JSON report is what CI totals across packages (.ci/tally.mjs).
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
