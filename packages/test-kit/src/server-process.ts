// The real ichat-server command in a child process on a temporary data folder: started, restarted on the same
// data, stopped with any signal (SIGKILL for a crash), and removed on dispose.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WS_PATH } from '@ichat/protocol';
import { requireServerBuild, SERVER_MAIN, serverNode } from './paths.js';
import { whenListening } from './ready-signal.js';
import { cleanEnv, runServerCommand, type CommandResult } from './server-command.js';
import { flagArgs, TEST_FLAGS } from './test-flags.js';

export interface ServerOptions {
  /** Arguments after the kit's own, as the CLI spells them; a flag given twice takes the later value. */
  readonly args?: readonly string[];
  /** Whether to pass {@link TEST_FLAGS} (default true). Off for runs that must see the server's own defaults. */
  readonly testFlags?: boolean;
  /** Environment variables, added to PATH only (see `cleanEnv`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the process runs; the data folder by default. */
  readonly cwd?: string;
  /**
   * The port: 0 (the default) takes a fresh one on every start. A fixed one, e.g. from `freePort()`, is kept across
   * restarts; only a server stopped gracefully can bind it again at once (after a SIGKILL with connections open the
   * kernel holds it for about a minute).
   */
  readonly port?: number;
  /** How long a start may take to print the listening line; 20 s by default. */
  readonly readyTimeoutMs?: number;
  /**
   * A data folder of the caller's (e.g. a small filesystem mounted for a fault test) instead of a fresh temporary
   * one. It must exist; `dispose` leaves it, since the caller made it (and may still have to unmount it).
   */
  readonly dir?: string;
  /** The database file, `<dir>/ichat.db` by default: a path in a folder that does not exist yet, a restored copy. */
  readonly database?: string;
}

/** How long `stop` waits for the process to exit before it kills it and fails. */
const STOP_TIMEOUT_MS = 15_000;

/** A running (or stopped, between restarts) ichat-server child process and its data folder. */
export class ServerProcess {
  /** The data folder, removed by `dispose`. */
  readonly dir: string;
  readonly databasePath: string;
  readonly #options: ServerOptions;
  /** Whether `dir` is the kit's own, to remove on dispose. */
  readonly #ownsDir: boolean;
  #child: ChildProcessWithoutNullStreams | undefined;
  #exited: Promise<number | null> = Promise.resolve(null);
  #url = '';
  #stdout = '';
  #stderr = '';

  private constructor(dir: string, ownsDir: boolean, options: ServerOptions) {
    this.dir = dir;
    this.databasePath = options.database ?? join(dir, 'ichat.db');
    this.#options = options;
    this.#ownsDir = ownsDir;
  }

  /** Starts a server on a fresh data folder (or the caller's `dir`) and resolves once it listens. */
  static async start(options: ServerOptions = {}): Promise<ServerProcess> {
    requireServerBuild();
    const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'ichat-test-')));
    const server = new ServerProcess(dir, options.dir === undefined, options);
    try {
      await server.#spawn();
    } catch (error) {
      await server.dispose();
      throw error;
    }
    return server;
  }

  /** The URL from the listening line, e.g. `http://127.0.0.1:41234`; it changes on restart unless the port is fixed. */
  get url(): string {
    return this.#url;
  }

  get wsUrl(): string {
    return `${this.#url.replace(/^http/, 'ws')}${WS_PATH}`;
  }

  get port(): number {
    return Number(new URL(this.#url).port);
  }

  /** The current process (the last one, once stopped). */
  get process(): ChildProcessWithoutNullStreams {
    if (this.#child === undefined) throw new Error('the server was never started');
    return this.#child;
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** What the current process wrote to stdout (its JSON log) so far. */
  stdout(): string {
    return this.#stdout;
  }

  /** What the current process wrote to stderr so far. */
  stderr(): string {
    return this.#stderr;
  }

  /**
   * Sends `signal` (SIGTERM: a graceful stop) and resolves with the exit code once the process is gone. A process
   * still there after `timeoutMs` (15 s) is killed and the stop fails, so a server that hangs on shutdown fails its
   * test instead of the run.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = STOP_TIMEOUT_MS): Promise<number | null> {
    const child = this.#child;
    if (child === undefined || !this.running) return this.#exited;
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`ichat-server did not exit within ${timeoutMs} ms of ${signal}:\n${this.#stderr}${this.#stdout.slice(-4096)}`));
      }, timeoutMs);
    });
    return Promise.race([this.#exited, late]).finally(() => clearTimeout(timer));
  }

  /** Kills the process with SIGKILL, as a crash would: no graceful shutdown. */
  async kill(): Promise<void> {
    await this.stop('SIGKILL');
  }

  /** Stops the server if it runs (gracefully) and starts it again with the same options on the same data. */
  async restart(): Promise<void> {
    await this.stop();
    await this.#spawn();
  }

  /** Runs `ichat-server <args> --database <this database>` once, e.g. `['admin', 'grant', email]`. */
  command(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CommandResult> {
    return runServerCommand([...args, '--database', this.databasePath], { cwd: this.dir, env });
  }

  /** Stops the server (SIGTERM, SIGKILL if it lingers past 10 s) and removes its data folder unless it is the caller's. */
  async dispose(): Promise<void> {
    await this.stop('SIGTERM', 10_000).catch(() => this.#exited);
    if (this.#ownsDir) await rm(this.dir, { recursive: true, force: true });
  }

  async #spawn(): Promise<void> {
    const options = this.#options;
    const args = [
      SERVER_MAIN,
      '--port', String(options.port ?? 0),
      '--database', this.databasePath,
      // The listening line is logged at info; a caller's --log-level above info would hide it.
      '--log-level', 'info',
      ...(options.testFlags === false ? [] : flagArgs(TEST_FLAGS)),
      ...(options.args ?? []),
    ];
    const child = spawn(serverNode(), args, { cwd: options.cwd ?? this.dir, env: cleanEnv(options.env) });
    this.#child = child;
    this.#stdout = '';
    this.#stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (this.#stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (this.#stderr += chunk.toString('utf8')));
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.once('error', () => resolve(null));
    });
    try {
      this.#url = await whenListening(child.stdout, this.#exited, options.readyTimeoutMs ?? 20_000, () => `${this.#stderr}${this.#stdout}`);
    } catch (error) {
      child.kill('SIGKILL');
      await this.#exited;
      throw error;
    }
  }
}
