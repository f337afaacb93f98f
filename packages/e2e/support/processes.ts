// Child processes for end-to-end runs: the ichat-server command and the bot example, each watched through its
// output and always killed at the end.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves when the output matches; rejects if the process exits first or after `timeoutMs`. */
  waitFor(pattern: RegExp, what: string, timeoutMs?: number): Promise<RegExpExecArray>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `node <script> …args` with only the given environment (plus PATH), in `cwd` if given. */
export function startNode(script: string, args: string[], env: Record<string, string> = {}, cwd?: string): Child {
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    ...(cwd === undefined ? {} : { cwd }),
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
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
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}
