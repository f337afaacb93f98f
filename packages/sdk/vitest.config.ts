import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    // Setup starts a server and hashes passwords (argon2); on a loaded machine that alone can take many seconds.
    hookTimeout: 60_000,
    pool: 'forks',
    // The JSON report is what CI totals across packages (.ci/tally.mjs).
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
