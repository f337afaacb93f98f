// The server as an npm user runs it: a command from the installed app (`node_modules/.bin/ichat-server`, or
// `npx @ichat/server`), in a child process, ready once it logs its listening event.

import { spawn } from 'node:child_process';
import { listeningUrl, whenListening } from '@ichat/test-kit';
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

/** The `pid` field of the server's listening log line (pino writes it on every line). */
function listeningPid(output: string): number | undefined {
  for (const line of output.split('\n')) {
    if (listeningUrl(line) === undefined) continue;
    const value: unknown = JSON.parse(line);
    const pid: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, 'pid') : undefined;
    if (typeof pid === 'number' && Number.isSafeInteger(pid)) return pid;
  }
  return undefined;
}

/** Sends a signal to a process that may have exited already (then there is nothing to do). */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
  }
}

/** Starts `command args` and resolves once the server listens. */
export async function startInstalledServer(command: string, args: readonly string[], options: StartOptions): Promise<InstalledServer> {
  const child = spawn(command, args, { cwd: options.cwd, env: toolEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // The server's own process: npx runs it as a child and does not pass SIGTERM on, so the signal goes to the pid the
  // server logs (for .bin/ichat-server, the spawned process itself). npx then exits with the server's code.
  let serverPid: number | undefined;
  const stop = async (): Promise<number | null> => {
    const running = child.exitCode === null && child.signalCode === null;
    const pid = serverPid ?? child.pid;
    if (running && pid !== undefined) signal(pid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (pid !== undefined) signal(pid, 'SIGKILL');
      child.kill('SIGKILL');
    }, 15_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  try {
    const url = await whenListening(child.stdout, exited, options.readyTimeoutMs ?? 30_000, () => output);
    serverPid = listeningPid(output);
    return { url, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
