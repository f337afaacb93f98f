// The bench command's options: what `--help` prints, and every option read and checked before anything starts, so a
// mistyped one stops the run with one line instead of a stack trace (or, for a number, a run with NaN steps).

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SERVER_NAMES, type ServerName } from './load/target.js';
import type { Mode } from './scenarios/settings.js';

export const SCENARIOS = ['s1', 's2', 's3', 's4', 's5', 's6', 's7'] as const;
/** A quick run's scenarios unless `--scenarios` names others: the cluster's starts alone take longer than the rest. */
const QUICK_SCENARIOS: readonly Scenario[] = ['s1', 's2', 's3', 's4', 's5', 's6'];
export type Scenario = (typeof SCENARIOS)[number];

export const USAGE = `Usage: pnpm bench [options]   (or, after pnpm build, node dist/cli.js [options] in packages/bench)

  --quick                 every server and scenario but S7, small: a correctness check with no speed thresholds
  --servers LIST          which of ${SERVER_NAMES.join(',')} to run (the raw relay, uws, always runs)
  --scenarios LIST        which of ${SCENARIOS.join(',')} to run (default: all; --quick: all but s7)
  --steps N               at most N ramp steps in S1 and S3, and only S1's main shape (a development run)
  --profile DIR           write iChat's CPU profiles (--cpu-prof) into DIR
  --note TEXT             a note stored with the results (say what was special about the run)
  --report FILE           render a results file again (table, charts, ratios) instead of running
  --soak [--minutes N]    run the soak against iChat alone for N minutes (default 60) instead of the suite
  --help                  print this and exit
`;

/** An option the command cannot take: printed as one line with the usage, exit code 2. */
export class UsageError extends Error {}

export interface Arguments {
  mode: Mode;
  servers: ServerName[];
  scenarios: Set<Scenario>;
  note: string;
  /** Development aid: at most this many ramp steps in S1 and S3, and only the main S1 shape. */
  steps: number | undefined;
  /** Folder for iChat's CPU profiles (`--cpu-prof`), one per server start. */
  profile: string | undefined;
  /** A results file to render again (table, charts, ratios) instead of running. */
  report: string | undefined;
  /** Minutes of soak to run instead of the suite (undefined: no soak). */
  soak: number | undefined;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv.filter((arg) => arg !== '--'),
      options: {
        help: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        servers: { type: 'string', default: SERVER_NAMES.join(',') },
        note: { type: 'string', default: '' },
        scenarios: { type: 'string' },
        steps: { type: 'string' },
        profile: { type: 'string' },
        report: { type: 'string' },
        soak: { type: 'boolean', default: false },
        minutes: { type: 'string' },
      },
    }).values;
  } catch (error) {
    // Node's own message already names the option ("Unknown option '--frobnicate'", "Option '--steps <value>'
    // argument missing"); its code and stack say nothing more to someone running the bench.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function positive(name: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be a positive ${integer ? 'whole ' : ''}number, not "${text}"`);
  }
  return value;
}

function listOf<T extends string>(name: string, text: string, known: readonly T[]): T[] {
  const items = text.split(',').map((item) => item.trim().toLowerCase());
  for (const item of items) {
    if (!(known as readonly string[]).includes(item)) throw new UsageError(`Unknown ${name} "${item}" (${known.join(', ')})`);
  }
  return known.filter((item) => items.includes(item));
}

/** The run the options ask for, or 'help'. */
export function readArguments(argv: string[]): Arguments | 'help' {
  const values = parse(argv);
  if (values.help) return 'help';
  if (values.minutes !== undefined && !values.soak) throw new UsageError('--minutes is for --soak');
  const minutes = values.minutes === undefined ? 60 : positive('minutes', values.minutes, false);
  const scenarios = new Set(listOf('scenario', values.scenarios ?? (values.quick ? QUICK_SCENARIOS : SCENARIOS).join(','), SCENARIOS));
  // The raw relay is the yardstick of S2's rates and of every ratio: it always runs.
  const servers = listOf('server', values.servers, SERVER_NAMES).filter((name) => name !== 'uws');
  return {
    mode: values.quick ? 'quick' : 'full',
    servers: ['uws', ...servers],
    scenarios,
    note: values.note,
    steps: values.steps === undefined ? undefined : positive('steps', values.steps, true),
    profile: values.profile === undefined ? undefined : resolve(values.profile),
    report: values.report === undefined ? undefined : resolve(values.report),
    soak: values.soak ? minutes : undefined,
  };
}
