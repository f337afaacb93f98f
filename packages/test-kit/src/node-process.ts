// Any Node script in a child process (an example bot, a doc's snippet, a dev server), watched through its output and
// always stoppable: the suites wait for what a script prints, never for a fixed time.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cleanEnv } from './server-command.js';

export interface NodeOptions {
  /** The script's own arguments. */
  readonly args?: readonly string[];
  /** Node's flags, before the script (e.g. `['--import', setup]`). */
  readonly nodeArgs?: readonly string[];
  /** Added to PATH only (see `cleanEnv`). */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

/** A running script. */
export interface NodeProcess {
  readonly process: ChildProcessWithoutNullStreams;
  /** stdout and stderr so far, interleaved as they came. */
  output(): string;
  /** Resolves when the output matches; rejects if the process exits first or after `timeoutMs` (20 s). */
  waitFor(pattern: RegExp, what: string, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code, killing the process (SIGKILL) if it has not exited within `timeoutMs` (15 s). */
  exit(timeoutMs?: number): Promise<number | null>;
  /** Sends `signal` (SIGTERM by default) unless it has exited, and resolves once it has. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `node …nodeArgs <script> …args`. */
export function startNode(script: string, options: NodeOptions = {}): NodeProcess {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...(options.args ?? [])], {
    env: cleanEnv(options.env),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    process: child,
    output: () => output,
    waitFor: (pattern, what, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(output);
          if (match === null) return;
          finish();
          resolve(match);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out waiting for ${what}; output so far:\n${output}`));
        }, timeoutMs);
        const finish = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => {
          if (!listeners.has(check)) return;
          finish();
          reject(new Error(`process exited while waiting for ${what}; output:\n${output}`));
        });
        check();
      }),
    exit: async (timeoutMs = 15_000) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    stop: async (signal = 'SIGTERM') => {
      if (running()) child.kill(signal);
      await exited;
    },
  };
}
