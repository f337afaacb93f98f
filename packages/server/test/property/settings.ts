// Run settings for the property tests: a modest run count for CI, and FC_SEED / FC_RUNS to replay or lengthen a run.

import type * as fc from 'fast-check';

/**
 * fast-check parameters for one property. `runs` is what CI runs; `FC_RUNS` overrides it for a longer local search.
 * Without `FC_SEED` each run draws a new seed, and a failure prints it (`seed: …, path: …`): rerun with
 * `FC_SEED=<seed>` (and the printed `path` as `FC_PATH`, to go straight to the shrunk case) to replay it.
 */
export function settings<T>(runs: number): fc.Parameters<T> {
  const seed = Number.parseInt(process.env['FC_SEED'] ?? '', 10);
  const override = Number.parseInt(process.env['FC_RUNS'] ?? '', 10);
  const path = process.env['FC_PATH'];
  return {
    numRuns: Number.isSafeInteger(override) && override > 0 ? override : runs,
    ...(Number.isSafeInteger(seed) ? { seed } : {}),
    ...(path !== undefined && path !== '' ? { path } : {}),
  };
}
