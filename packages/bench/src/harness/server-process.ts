// Starts a server as a child process on its own core, waits until it serves, samples its memory and always stops it.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort, whenListening } from '@ichat/test-kit';
import { pinnedCommand, type CorePlan } from './cores.js';

const running = new Set<ChildProcess>();

/** Kills every child still running; registered once for exit and fatal signals, so no server outlives the bench. */
export function killAllServers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

process.once('exit', killAllServers);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllServers();
    process.exit(130);
  });
}

/** Resident memory of a process in bytes, from /proc (0 when it is gone). */
export function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a process has used, in seconds, from /proc. */
export function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat; after the command name they are at 11 and 12.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

export interface ServerSpec {
  /** Script and arguments for `node`. `port` is substituted for the literal `{port}` when `probePort` is set. */
  args: string[];
  /**
   * How the server reports readiness: the listening event on stdout (`{"event":"listening","url":…}`, as ichat-server
   * logs it at info level), or answering `path` over HTTP (iChat here runs at warn level, which hides that line).
   */
  ready: { kind: 'stdout' } | { kind: 'http'; path: string };
  ipc?: boolean;
  cwd?: string;
}

/** A started server. */
export class ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** The tail of stderr, still appended to while the server runs. */
  readonly #output: { readonly stderr: string };

  private constructor(child: ChildProcess, port: number, output: { readonly stderr: string }) {
    this.child = child;
    this.port = port;
    this.#output = output;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get rss(): number {
    return rssOf(this.pid);
  }

  get cpuSeconds(): number {
    return cpuSecondsOf(this.pid);
  }

  get stderr(): string {
    return this.#output.stderr;
  }

  /** Heap in use, asked over IPC (relays only; undefined without IPC or an answer within a second). */
  heapUsed(): Promise<number | undefined> {
    const child = this.child;
    if (child.send === undefined || !child.connected) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), 1000);
      const onMessage = (message: unknown): void => {
        if (typeof message === 'object' && message !== null && Reflect.get(message, 'type') === 'stats') {
          done(Number(Reflect.get(message, 'heapUsed')));
        }
      };
      const done = (value: number | undefined): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(value);
      };
      child.on('message', onMessage);
      child.send({ type: 'stats' });
    });
  }

  /** Asks the server to stop (SIGTERM), then kills it if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
  }

  /** Starts `node …spec.args` on the plan's server core, retrying with another port if the probed one was taken. */
  static async start(plan: CorePlan, spec: ServerSpec, attempts = 3): Promise<ServerProcess> {
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const port = spec.ready.kind === 'http' ? await freePort() : 0;
      const args = spec.args.map((arg) => arg.replace('{port}', String(port)));
      const [command, argv] = pinnedCommand(plan, plan.serverCore, process.execPath, args);
      const child = spawn(command, argv, {
        cwd: spec.cwd,
        stdio: spec.ipc === true ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_ENV: 'benchmark' },
      });
      running.add(child);
      try {
        return await ServerProcess.#whenReady(child, spec, port);
      } catch (error) {
        lastError = error;
        child.kill('SIGKILL');
        running.delete(child);
      }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }

  static async #whenReady(child: ChildProcess, spec: ServerSpec, port: number): Promise<ServerProcess> {
    const output = { stderr: '' };
    child.stderr?.on('data', (chunk: Buffer) => {
      // Keep only a tail: a server that logs must not grow this string for the whole run.
      output.stderr = (output.stderr + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(String(code ?? signal))));
    const describe = (): string => output.stderr.slice(-500);
    if (spec.ready.kind === 'stdout' && child.stdout !== null) {
      // The reader stays attached after the signal, so stdout keeps draining and the server never blocks on it.
      const url = await whenListening(child.stdout, exited, 20_000, describe);
      return new ServerProcess(child, Number(new URL(url).port), output);
    }
    // Nothing reads a server's stdout here: discard it rather than let a full pipe stall the server.
    child.stdout?.resume();
    await ServerProcess.#answering(port, spec.ready.kind === 'http' ? spec.ready.path : '/', exited, describe);
    return new ServerProcess(child, port, output);
  }

  /** Resolves once `path` answers 2xx on `port`, polling every 100 ms; rejects if the server exits or after 20 s. */
  static #answering(port: number, path: string, exited: Promise<string>, describe: () => string): Promise<void> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (error: Error | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(poll);
        if (error === undefined) resolve();
        else reject(error);
      };
      const timer = setTimeout(() => settle(new Error(`server did not start: ${describe()}`)), 20_000);
      const poll = setInterval(() => {
        fetch(`http://127.0.0.1:${port}${path}`).then(
          (response) => {
            if (response.ok) settle(undefined);
          },
          () => undefined,
        );
      }, 100);
      void exited.then((how) => settle(new Error(`server exited (${how}) while starting: ${describe()}`)));
    });
  }
}
