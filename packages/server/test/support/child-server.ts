// The built ichat-server command in a child process: for what an in-process server cannot show, such as the exit
// code after a signal, or a server whose event loop is not the test's own.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { within } from './wait.js';

/** The command users run, as built by `pnpm --filter @ichat/server build`. */
export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** Fails with a clear message when the build is missing. */
export function requireBuild(): void {
  if (!existsSync(MAIN)) throw new Error('dist/main.js is missing: run `pnpm --filter @ichat/server build` first');
}

/** Only what the command needs, so no setting leaks in from the environment the tests run in. */
export function cleanEnv(env: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '', ...env };
}

export interface ChildServer {
  readonly process: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly wsUrl: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts `ichat-server` with these arguments in `cwd`, resolving once it has logged its URL; killed after the test. */
export async function startChildServer(args: string[], cwd: string, env: Record<string, string> = {}): Promise<ChildServer> {
  requireBuild();
  const child = spawn(process.execPath, [MAIN, '--port', '0', '--log-level', 'info', ...args], { cwd, env: cleanEnv(env) });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await within(
    new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const match = /"url":"(http:\/\/[^"]+)"/.exec(stdout);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`ichat-server exited with ${String(code)} before listening: ${stderr}`)));
    }),
    'ichat-server to log its URL',
    15_000,
  );
  return {
    process: child,
    url,
    wsUrl: `${url.replace(/^http/, 'ws')}/ws`,
    stderr: () => stderr,
    stop: (signal) => {
      child.kill(signal);
      return within(exited, `ichat-server to exit after ${signal}`, 15_000);
    },
  };
}
