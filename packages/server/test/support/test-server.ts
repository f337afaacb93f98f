// A real server in this process on a free port, with its SQLite file in a temporary folder that is removed after.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WS_PATH, type Me } from '@ichat/protocol';
import { PASSWORD, registerUser, TEST_FLAGS } from '@ichat/test-kit';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { DatabaseReader } from './database.js';
import { http, type HttpOptions, type HttpResult } from './http.js';
import { TestClient, type ConnectOptions } from './test-client.js';

/** Flags as the CLI spells them, e.g. `{ 'messages-per-second': '5' }`. */
export type Flags = Record<string, string | boolean>;

/** A registered account and the token it was given. */
export interface TestUser extends Me {
  password: string;
  token: string;
}

/** A fresh temporary folder; a server started in it removes it when disposed. */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ichat-server-test-'));
}

/** Every account in the suites uses the test kit's password unless a test says otherwise. */
export { PASSWORD };

export class TestServer {
  readonly dir: string;
  readonly databasePath: string;
  readonly flags: Flags;
  readonly running: RunningServer;
  readonly #clients = new Set<TestClient>();
  #reader: DatabaseReader | undefined;

  private constructor(dir: string, flags: Flags, running: RunningServer) {
    this.dir = dir;
    this.databasePath = join(dir, 'ichat.db');
    this.flags = flags;
    this.running = running;
  }

  /**
   * Starts a server. Tests get quiet logs, instant offline presence and a fresh folder; `flags` override any of it.
   * Pass `dir` to reopen the database of an earlier server (a restart).
   */
  static async start(flags: Flags = {}, dir = makeTempDir()): Promise<TestServer> {
    const all: Flags = {
      port: '0',
      host: '127.0.0.1',
      database: join(dir, 'ichat.db'),
      'log-level': 'silent',
      // Instant offline presence, and no cap on registrations from 127.0.0.1; the limit's own test sets it low.
      ...TEST_FLAGS,
      ...flags,
    };
    const running = await startServer(loadConfig(all, {}), pino({ level: 'silent' }));
    return new TestServer(dir, all, running);
  }

  get url(): string {
    return this.running.url;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.running.port}${WS_PATH}`;
  }

  /** What is stored, read through a separate connection. */
  get db(): DatabaseReader {
    this.#reader ??= new DatabaseReader(this.databasePath);
    return this.#reader;
  }

  http(path: string, options?: HttpOptions): Promise<HttpResult> {
    return http(this.url, path, options);
  }

  /** Registers `name@example.test` with username `name`. */
  async register(name: string): Promise<TestUser> {
    const { user, token, password } = await registerUser(this.url, name, { email: `${name}@example.test` });
    return { ...user, password, token };
  }

  /** Opens an unauthenticated socket; it is closed when the server is disposed. */
  async connect(options?: ConnectOptions): Promise<TestClient> {
    const client = await TestClient.connect(this.wsUrl, options);
    this.#clients.add(client);
    return client;
  }

  /** Opens a socket and authenticates it as `user`. */
  async signIn(user: { token: string }, options?: ConnectOptions): Promise<TestClient> {
    const client = await this.connect(options);
    await client.auth(user.token);
    return client;
  }

  /** Closes every socket this helper opened (between tests that share a server). */
  async closeClients(): Promise<void> {
    const clients = [...this.#clients];
    this.#clients.clear();
    for (const client of clients) client.assertNoViolation();
    await Promise.all(clients.map((client) => client.close()));
  }

  /** Stops the server gracefully and keeps the folder, for a restart on the same database. */
  async stop(): Promise<void> {
    this.#reader?.close();
    this.#reader = undefined;
    await this.running.close();
    await this.closeClients();
  }

  /** Stops this server and starts another on the same database file and flags. */
  async restart(): Promise<TestServer> {
    await this.stop();
    return TestServer.start(this.flags, this.dir);
  }

  /** Stops the server and removes its folder. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * One server shared by the tests of a file (or describe block): started before them, its sockets closed after each
 * test, stopped and removed after all.
 *
 * @example
 * ```ts
 * const env = useTestServer({ 'messages-per-second': '5' });
 * it('…', async () => { const ada = await env.server.register('ada'); });
 * ```
 */
export function useTestServer(flags: Flags = {}): { readonly server: TestServer } {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await TestServer.start(flags);
  });
  afterEach(async () => {
    await server?.closeClients();
  });
  afterAll(async () => {
    await server?.dispose();
  });
  return {
    get server(): TestServer {
      if (server === undefined) throw new Error('The test server is not started yet');
      return server;
    },
  };
}

/** Names that differ per call, so tests sharing a server never collide on e-mails or usernames. */
export function uniqueNames(prefix: string): () => string {
  let counter = 0;
  return () => `${prefix}${++counter}`;
}
