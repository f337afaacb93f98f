// The soak's leak verdict: the last third of the samples against the second, per resource, within a noise allowance.

/** What the verdict compares, per sample. */
export interface GrowthSample {
  rssBytes: number;
  heapBytes: number;
  fds: number;
}

export type Resource = keyof GrowthSample;

/**
 * How much the last third's median may exceed the second third's: the larger of a share and an absolute amount.
 * The share covers slow drift in a busy heap (V8 sizes its young generation and caches by load); the absolute amount
 * covers the sawtooth of garbage collection, a few MB at this load whatever the base, and a handful of descriptors
 * for sockets that are mid-reconnect when a sample is taken. A leak of one small object per message (250 msg/s)
 * or per reconnect grows past both within the hour.
 */
export const ALLOWANCE: Readonly<Record<Resource, { share: number; absolute: number }>> = {
  rssBytes: { share: 0.1, absolute: 5 * 2 ** 20 },
  heapBytes: { share: 0.1, absolute: 5 * 2 ** 20 },
  fds: { share: 0.1, absolute: 5 },
};

export interface GrowthCheck {
  resource: Resource;
  secondThirdMedian: number;
  lastThirdMedian: number;
  limit: number;
  pass: boolean;
}

/** The median of a list (0 when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const high = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? high : ((sorted[middle - 1] ?? 0) + high) / 2;
}

/**
 * Splits the samples in thirds and checks each resource. The first third is warm-up (caches, JIT, the heap finding
 * its size) and is left out. With fewer than three samples there is nothing to compare and every check passes.
 */
export function checkGrowth(samples: readonly GrowthSample[]): GrowthCheck[] {
  const third = Math.floor(samples.length / 3);
  const second = samples.slice(third, samples.length - third);
  const last = samples.slice(samples.length - third);
  return (Object.keys(ALLOWANCE) as Resource[]).map((resource) => {
    const before = median(second.map((sample) => sample[resource]));
    const after = median(last.map((sample) => sample[resource]));
    const { share, absolute } = ALLOWANCE[resource];
    const limit = before + Math.max(before * share, absolute);
    return { resource, secondThirdMedian: before, lastThirdMedian: after, limit, pass: third === 0 || after <= limit };
  });
}
