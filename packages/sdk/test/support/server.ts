// Runs the real iChat server as a child process on a temp SQLite file, and can kill and restart it in place.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SERVER_MAIN = fileURLToPath(new URL('../../../server/dist/main.js', import.meta.url));

/** Flags that keep tests fast and free of rate limits unless a test asks for them. */
const TEST_FLAGS = [
  '--log-level', 'info',
  '--presence-grace-ms', '0',
  '--messages-per-second', '100000',
  '--message-burst', '100000',
  '--frames-per-second', '100000',
  '--registrations-per-hour', '100000',
];

/**
 * A stable address in front of the server. The server cannot bind its old port again for about a minute after a
 * SIGKILL while connections were open (the port sits in TIME_WAIT), so each run of the server takes a fresh port and
 * this forwarder keeps the address clients know. Killing the server drops every forwarded connection, as a crash does.
 */
class Forwarder {
  readonly #server: Server;
  readonly #pairs = new Set<Socket>();
  readonly #frozen = new Set<Socket>();
  target = 0;

  constructor() {
    this.#server = createServer((client) => {
      this.#pairs.add(client);
      const upstream = createConnection({ host: '127.0.0.1', port: this.target });
      this.#pairs.add(upstream);
      const drop = (): void => {
        client.destroy();
        upstream.destroy();
        this.#pairs.delete(client);
        this.#pairs.delete(upstream);
        this.#frozen.delete(client);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      // Forwarded by hand rather than piped, so a connection can be frozen: open, but silent both ways.
      client.on('data', (chunk: Buffer) => {
        if (!this.#frozen.has(client)) upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (!this.#frozen.has(client)) client.write(chunk);
      });
    });
  }

  /** Makes every current connection silent without closing it, like a network that stopped carrying packets. */
  freezeAll(): void {
    for (const socket of this.#pairs) if (socket.remotePort !== this.target) this.#frozen.add(socket);
  }

  listen(): Promise<number> {
    return new Promise((resolve) => {
      this.#server.listen(0, '127.0.0.1', () => {
        const address = this.#server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
  }

  dropAll(): void {
    for (const socket of this.#pairs) socket.destroy();
    this.#pairs.clear();
  }

  close(): Promise<void> {
    this.dropAll();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** A server child process behind a fixed address: the URL stays the same across restarts, as does the database. */
export class TestServer {
  readonly #dir: string;
  readonly #extraFlags: string[];
  readonly #forwarder = new Forwarder();
  #child: ChildProcess | undefined;
  #url = '';
  #stderr = '';

  private constructor(dir: string, extraFlags: string[]) {
    this.#dir = dir;
    this.#extraFlags = extraFlags;
  }

  /** Starts a server on a fresh database. `extraFlags` override the test defaults. */
  static async start(extraFlags: string[] = []): Promise<TestServer> {
    const server = new TestServer(await mkdtemp(join(tmpdir(), 'ichat-sdk-')), extraFlags);
    server.#url = `http://127.0.0.1:${await server.#forwarder.listen()}`;
    await server.#spawn();
    return server;
  }

  /** The address clients use; it survives restarts. */
  get url(): string {
    return this.#url;
  }

  get databasePath(): string {
    return join(this.#dir, 'db.sqlite');
  }

  /** Kills the process (SIGKILL by default: no graceful shutdown, as in a crash) and waits for it to exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    this.#child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
    this.#forwarder.dropAll();
  }

  /** Starts the server again on the same port and database. */
  async restart(): Promise<void> {
    await this.kill();
    await this.#spawn();
  }

  /** Silences every open connection without closing it; new connections work normally. */
  freezeConnections(): void {
    this.#forwarder.freezeAll();
  }

  /** Kills the server and deletes its database. */
  async stop(): Promise<void> {
    await this.kill();
    await this.#forwarder.close();
    await rm(this.#dir, { recursive: true, force: true });
  }

  #spawn(): Promise<void> {
    return this.#spawnOnce([SERVER_MAIN, '--port', '0', '--database', this.databasePath, ...TEST_FLAGS, ...this.#extraFlags]);
  }

  #spawnOnce(args: string[]): Promise<void> {
    const child = spawn(process.execPath, args, { cwd: this.#dir, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr += chunk.toString();
    });
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      const onExit = (code: number | null): void => {
        reject(new Error(`server exited (${code}) before listening: ${this.#stderr}`));
      };
      child.once('exit', onExit);
      lines.on('line', (line) => {
        let entry: unknown;
        try {
          entry = JSON.parse(line);
        } catch {
          return;
        }
        if (typeof entry !== 'object' || entry === null) return;
        const msg: unknown = Reflect.get(entry, 'msg');
        const url: unknown = Reflect.get(entry, 'url');
        if (msg !== 'iChat server listening' || typeof url !== 'string') return;
        child.off('exit', onExit);
        this.#child = child;
        this.#forwarder.target = Number(new URL(url).port);
        resolve();
      });
    });
  }
}
