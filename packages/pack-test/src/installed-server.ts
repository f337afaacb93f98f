// The server as an npm user runs it: a command from the installed app (`node_modules/.bin/ichat-server`, or
// `npx @ichat/server`), in a child process, ready once it logs its listening event.

import { spawn } from 'node:child_process';
import { whenListening } from '@ichat/test-kit';
import { toolEnv } from './commands.js';

export interface InstalledServer {
  readonly url: string;
  /** Everything the server printed so far. */
  output(): string;
  /** SIGTERM (a graceful stop), resolving with the exit code. */
  stop(): Promise<number | null>;
}

export interface StartOptions {
  readonly cwd: string;
  /** Environment variables for the server, on top of `toolEnv`. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the start may take; npx resolves the package first. */
  readonly readyTimeoutMs?: number;
}

/** Starts `command args` and resolves once the server listens. */
export async function startInstalledServer(command: string, args: readonly string[], options: StartOptions): Promise<InstalledServer> {
  const child = spawn(command, args, { cwd: options.cwd, env: toolEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  try {
    const url = await whenListening(child.stdout, exited, options.readyTimeoutMs ?? 30_000, () => output);
    return { url, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
