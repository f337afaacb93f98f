// The server flags test servers run with, shared by the child-process servers and the in-process ones.

/** Flags as the CLI spells them without the dashes, e.g. `{ 'messages-per-second': '5' }`. */
export type FlagValues = Readonly<Record<string, string>>;

/**
 * What every suite needs: offline presence at once (no test waits out the grace period), and registrations from one
 * address not capped at the production 20 an hour, since every suite registers its many users from 127.0.0.1.
 * The registration limit's own test sets it low again.
 */
export const TEST_FLAGS: FlagValues = {
  'presence-grace-ms': '0',
  'registrations-per-hour': '100000',
};

/** Per-connection rate limits out of the way, for suites that send a lot without testing the limits. */
export const UNLIMITED_FLAGS: FlagValues = {
  'messages-per-second': '100000',
  'message-burst': '100000',
  'frames-per-second': '100000',
};

/** The same flags as command-line arguments. */
export function flagArgs(flags: FlagValues): string[] {
  return Object.entries(flags).flatMap(([name, value]) => [`--${name}`, value]);
}
