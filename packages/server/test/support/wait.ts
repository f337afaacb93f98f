// Bounded waiting: every wait in the suites ends with a clear error instead of hanging the run.

/** How long a test waits for something the server should do promptly. */
export const DEFAULT_WAIT_MS = 5000;

/** Resolves with `promise`, or rejects after `ms` with an error that says what was awaited. */
export function within<T>(promise: Promise<T>, what: string, ms = DEFAULT_WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A pause, for a test that picks a random moment (a kill) or lets periodic work (a checkpoint) run a few times. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value other than undefined, for state only observable by asking. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, ms = DEFAULT_WAIT_MS): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
