// The real iChat server as a child process (the test kit's), behind a forwarder that keeps its address across kills
// and restarts and can freeze connections.

import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { flagArgs, ServerProcess, UNLIMITED_FLAGS } from '@ichat/test-kit';

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
  readonly #process: ServerProcess;
  readonly #forwarder: Forwarder;
  #url = '';

  private constructor(process: ServerProcess, forwarder: Forwarder) {
    this.#process = process;
    this.#forwarder = forwarder;
  }

  /** Starts a server on a fresh database, without rate limits in the way. `extraFlags` override those defaults. */
  static async start(extraFlags: string[] = []): Promise<TestServer> {
    const forwarder = new Forwarder();
    const port = await forwarder.listen();
    const process = await ServerProcess.start({ args: [...flagArgs(UNLIMITED_FLAGS), ...extraFlags] });
    forwarder.target = process.port;
    const server = new TestServer(process, forwarder);
    server.#url = `http://127.0.0.1:${port}`;
    return server;
  }

  /** The address clients use; it survives restarts. */
  get url(): string {
    return this.#url;
  }

  /** The server process, e.g. for `command(['admin', 'grant', email])`. */
  get process(): ServerProcess {
    return this.#process;
  }

  /** Kills the process (SIGKILL by default: no graceful shutdown, as in a crash) and waits for it to exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.#process.running) return;
    await this.#process.stop(signal);
    this.#forwarder.dropAll();
  }

  /**
   * Starts the server again on the same database, after killing it if it still runs. It takes a fresh port each
   * time (a port held by connections killed with the server stays unusable for a minute); the forwarder keeps the URL.
   */
  async restart(): Promise<void> {
    await this.kill();
    await this.#process.restart();
    this.#forwarder.target = this.#process.port;
  }

  /** Silences every open connection without closing it; new connections work normally. */
  freezeConnections(): void {
    this.#forwarder.freezeAll();
  }

  /** Kills the server and deletes its database. */
  async stop(): Promise<void> {
    await this.kill();
    await this.#forwarder.close();
    await this.#process.dispose();
  }
}
