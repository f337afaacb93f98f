// Run settings for the property tests: a modest run count for CI, and FC_SEED / FC_RUNS to replay or lengthen a run.
// The other packages take these from @ichat/test-kit; the kit depends on this package, so its tests keep their own.

import type * as fc from 'fast-check';

/**
 * An environment variable. This package is typed without Node's globals (its code runs in browsers too), so the
 * tests read `process.env` through `globalThis` rather than pull Node's types in for the whole package.
 */
function environment(name: string): string | undefined {
  const processLike: unknown = Reflect.get(globalThis, 'process');
  const variables: unknown = typeof processLike === 'object' && processLike !== null ? Reflect.get(processLike, 'env') : undefined;
  const value: unknown = typeof variables === 'object' && variables !== null ? Reflect.get(variables, name) : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * fast-check parameters for one property. `runs` is what CI runs; `FC_RUNS` overrides it for a longer local search.
 * Without `FC_SEED` each run draws a new seed, and a failure prints it (`seed: …, path: …`): rerun with
 * `FC_SEED=<seed>` to replay exactly that run.
 */
export function settings<T>(runs: number): fc.Parameters<T> {
  const seed = Number.parseInt(environment('FC_SEED') ?? '', 10);
  const override = Number.parseInt(environment('FC_RUNS') ?? '', 10);
  return {
    numRuns: Number.isSafeInteger(override) && override > 0 ? override : runs,
    ...(Number.isSafeInteger(seed) ? { seed } : {}),
  };
}
