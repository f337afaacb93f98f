// Run settings for property tests: a modest run count for CI, and FC_SEED / FC_RUNS / FC_PATH to replay or lengthen.

/** What fast-check's `assert` takes from these settings (a subset of its `Parameters`, so no import of it here). */
export interface PropertySettings {
  numRuns: number;
  seed?: number;
  path?: string;
}

/**
 * Parameters for one property. `runs` is what CI runs; `FC_RUNS` overrides it for a longer local search. Without
 * `FC_SEED` each run draws a new seed, and a failure prints it (`seed: …, path: …`): rerun with `FC_SEED=<seed>` (and
 * the printed path as `FC_PATH`, to go straight to the shrunk case) to replay it.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(fc.string(), check), propertySettings(100));
 * ```
 */
export function propertySettings(runs: number): PropertySettings {
  const seed = Number.parseInt(process.env['FC_SEED'] ?? '', 10);
  const override = Number.parseInt(process.env['FC_RUNS'] ?? '', 10);
  const path = process.env['FC_PATH'];
  return {
    numRuns: Number.isSafeInteger(override) && override > 0 ? override : runs,
    ...(Number.isSafeInteger(seed) ? { seed } : {}),
    ...(path !== undefined && path !== '' ? { path } : {}),
  };
}
