// Runs a command to completion and collects its output: the ichat-server command once (a subcommand such as
// `admin grant`, `backup`, `--help`), or any other tool a suite calls.

import { spawn } from 'node:child_process';
import { SERVER_MAIN, serverNode } from './paths.js';

/** How a command ended; `code` is null when it was killed. */
export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandOptions {
  readonly cwd: string;
  /** Added to {@link cleanEnv}'s PATH. */
  readonly env?: Readonly<Record<string, string>>;
  /** Killed (SIGKILL) after this long; 20 s by default. */
  readonly timeoutMs?: number;
}

/** PATH and `env` only, so no setting leaks in from the environment the tests run in (ICHAT_*, PORT, …). */
export function cleanEnv(env: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '', ...env };
}

/** How {@link runCommand} runs a command: where, with which whole environment, and for how long at most. */
export interface RunCommandOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Killed (SIGKILL) after this long. */
  readonly timeoutMs: number;
}

/** Runs `command args` to completion and collects its output, whatever the exit code. */
export function runCommand(command: string, args: readonly string[], options: RunCommandOptions): Promise<CommandResult> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `node <server main> <args>` (with {@link serverNode}) and resolves when it exits. */
export function runServerCommand(args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  return runCommand(serverNode(), [SERVER_MAIN, ...args], {
    cwd: options.cwd,
    env: cleanEnv(options.env),
    timeoutMs: options.timeoutMs ?? 20_000,
  });
}
