// Runs a command to completion and collects its output; the suites' one way to call pnpm, npm, npx, tar and the CLIs.

import { runCommand, type CommandResult } from '@ichat/test-kit';

export type { CommandResult } from '@ichat/test-kit';

export interface RunOptions {
  readonly cwd: string;
  /** The whole environment of the command (see `toolEnv`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Killed (SIGKILL) after this long; 60 s by default. */
  readonly timeoutMs?: number;
}

/**
 * The environment for package managers and the installed commands: this process's, less what `pnpm run` and the test
 * runner add (npm reads any `npm_config_*` as its own setting) and less the server's own settings, so that only what a
 * test passes reaches the server. HOME stays, for npm's cache.
 */
export function toolEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const dropped = /^(npm_|pnpm_|vitest|ichat_|node_options$|node_env$|port$|host$|database_url$|secret_key$|log_level$)/i;
  const kept = Object.entries(process.env).filter(([name]) => !dropped.test(name));
  return { ...Object.fromEntries(kept), ...extra };
}

/** Runs `command args` and resolves when it exits, whatever the exit code. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  return runCommand(command, args, { cwd: options.cwd, env: options.env ?? toolEnv(), timeoutMs: options.timeoutMs ?? 60_000 });
}

/** Runs a command that must succeed, and resolves with its stdout; a failure names the command and shows its output. */
export async function runChecked(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`\`${[command, ...args].join(' ')}\` in ${options.cwd} exited with ${String(result.code)}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}
