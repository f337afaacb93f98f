import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // The newer-Node check needs the Node.js 22 and 24 executables that CI's newer-Node step fetches and names in
    // ICHAT_NEWER_NODES (.ci/newer-node.mjs); without them it has nothing to run.
    exclude: [...configDefaults.exclude, ...(process.env['ICHAT_NEWER_NODES'] ? [] : ['test/newer-node.test.ts'])],
    // Each file starts real servers on free ports with its own SQLite files; argon2 hashing is CPU-bound.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // The JSON report is what CI totals across packages (.ci/tally.mjs).
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
