// What the ichat-server command accepts, read from its own `--help` (generated from the server's option table), and
// a check of one invocation against it.

import { execFileSync } from 'node:child_process';
import { SERVER_MAIN } from '@ichat/test-kit';

/** The command line the server accepts. */
export interface ServerCli {
  /** Subcommands as literal words and `<placeholders>`, e.g. `['admin', 'grant', '<email>']`; `[]` is "start". */
  readonly commands: readonly (readonly string[])[];
  /** Flag name (without `--`) → whether it takes a value. */
  readonly flags: ReadonlyMap<string, boolean>;
  /** Every environment variable an option reads, plus NODE_ENV. */
  readonly env: ReadonlySet<string>;
  /** The whole `--help` text. */
  readonly help: string;
}

/**
 * The commands one usage line after `ichat-server` stands for, without its description: its words up to the last
 * `<placeholder>` or `[options]` (the description may follow after a single space), else up to a run of spaces.
 * An optional word such as `[serve]` makes two commands, with and without it.
 */
function usageForms(rest: string): string[][] {
  const words = rest.trim().split(/ {2,}/)[0]?.split(' ') ?? [];
  const last = words.findLastIndex((word) => /^<.+>$|^\[options\]$/.test(word));
  let forms: string[][] = [[]];
  for (const word of words.slice(0, last < 0 ? words.length : last + 1)) {
    if (word === '[options]') continue;
    const optional = /^\[([a-z-]+)\]$/.exec(word)?.[1];
    forms =
      optional === undefined
        ? forms.map((form) => [...form, word])
        : forms.flatMap((form) => [form, [...form, optional]]);
  }
  return forms;
}

/** Runs `ichat-server --help` and reads it. */
export function readServerCli(): ServerCli {
  const help = execFileSync(process.execPath, [SERVER_MAIN, '--help'], { encoding: 'utf8' });
  const commands: string[][] = [];
  // --help and --version are the command's own, not options, so the option list in --help leaves them out.
  const flags = new Map<string, boolean>([
    ['help', false],
    ['version', false],
  ]);
  const env = new Set<string>(['NODE_ENV']);
  for (const line of help.split('\n')) {
    const usage = /^(?:Usage:)?\s+ichat-server\b(.*)$/.exec(line);
    if (usage !== null) {
      commands.push(...usageForms(usage[1] ?? ''));
      continue;
    }
    const option = /^\s+--([a-z-]+)( <value>)?\s+([A-Z_]+)$/.exec(line);
    if (option !== null) {
      flags.set(option[1] ?? '', option[2] !== undefined);
      env.add(option[3] ?? '');
      continue;
    }
    // A flag of the command itself rather than a server option (--version, --check): no variable, a description.
    const own = /^ {2}--([a-z-]+) {2,}[a-z]/.exec(line);
    if (own !== null) flags.set(own[1] ?? '', false);
  }
  if (commands.length === 0 || flags.size < 3) throw new Error(`could not read ichat-server --help:\n${help}`);
  return { commands, flags, env, help };
}

/** Problems with `ichat-server <args>`: unknown flags, a flag missing its value, or no such subcommand. */
export function checkServerArgs(cli: ServerCli, args: readonly string[]): string[] {
  const problems: string[] = [];
  const positionals: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const [name = '', inline] = arg.replace(/^--?/, '').split('=', 2);
    const takesValue = cli.flags.get(name === 'h' ? 'help' : name);
    if (takesValue === undefined) problems.push(`ichat-server has no ${arg.split('=')[0]} option`);
    else if (takesValue && inline === undefined && (index += 1) >= args.length) problems.push(`--${name} needs a value`);
  }
  const known = cli.commands.some(
    (command) =>
      command.length === positionals.length &&
      command.every((word, index) => word.startsWith('<') || word === positionals[index]),
  );
  if (!known) problems.push(`ichat-server has no command "${positionals.join(' ')}" (see ichat-server --help)`);
  return problems;
}
