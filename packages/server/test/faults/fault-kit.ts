// Tools for the fault tests: the built server in a child process that can be killed, raw WebSocket clients that
// keep a ledger of every send, what the database really holds, and small filesystems to fill or freeze.

import { randomUUID } from 'node:crypto';
import { execFile, execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  encodeRequest,
  IChatError,
  type Message,
  parseAnswer,
  parseResult,
  parseServerFrame,
  type RequestType,
  type Requests,
  ROUTES,
} from '@ichat/protocol';
import BetterSqlite3 from 'better-sqlite3';
import WebSocket from 'ws';

/** The command users run, as built by `pnpm --filter @ichat/server build`. */
const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** How long any single step of a fault test may take before it fails instead of hanging the run. */
const STEP_MS = 15_000;

/** Resolves with `promise`, or rejects after `ms` saying what was awaited. */
export function within<T>(promise: Promise<T>, what: string, ms = STEP_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A fresh temporary folder under the system's temp folder. */
export function tempDir(prefix = 'ichat-faults-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Fails with a clear message when the build is missing. */
export function requireBuild(): void {
  if (!existsSync(MAIN)) throw new Error('dist/main.js is missing: run `pnpm --filter @ichat/server build` first');
}

/** Only what the command needs, so no setting leaks in from the environment the tests run in. */
function cleanEnv(): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '' };
}

/** Limits far above what the fault tests send, so every refusal they see comes from the fault under test. */
const GENEROUS_LIMITS = [
  '--registrations-per-hour', '100000',
  '--messages-per-second', '100000',
  '--message-burst', '100000',
  '--frames-per-second', '100000',
  '--presence-grace-ms', '0',
];

/** The built server in a child process, on a free loopback port. */
export class FaultServer {
  readonly process: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly exited: Promise<number | null>;
  readonly #stderr: () => string;

  private constructor(child: ChildProcessWithoutNullStreams, url: string, exited: Promise<number | null>, stderr: () => string) {
    this.process = child;
    this.url = url;
    this.exited = exited;
    this.#stderr = stderr;
  }

  /** Starts `ichat-server` on `database`, resolving once it has logged its URL. */
  static async start(database: string, extraArgs: string[] = []): Promise<FaultServer> {
    requireBuild();
    const args = [MAIN, '--host', '127.0.0.1', '--port', '0', '--log-level', 'info', '--database', database];
    const child = spawn(process.execPath, [...args, ...GENEROUS_LIMITS, ...extraArgs], { env: cleanEnv() });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await within(
      new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString('utf8');
          const match = /"url":"(http:\/\/[^"]+)"/.exec(stdout);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        void exited.then((code) => reject(new Error(`ichat-server exited with ${String(code)} before listening: ${stderr}`)));
      }),
      'ichat-server to log its URL',
    ).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    // Keeps reading, so a chatty log never fills the pipe and stalls the server.
    child.stdout.on('data', (chunk: Buffer) => (stdout = `${stdout}${chunk.toString('utf8')}`.slice(-64 * 1024)));
    return new FaultServer(child, url, exited, () => `${stderr}${stdout}`);
  }

  get wsUrl(): string {
    return `${this.url.replace(/^http/, 'ws')}/ws`;
  }

  /** What the process logged, stderr then the end of stdout. */
  output(): string {
    return this.#stderr();
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** SIGKILL: no shutdown code runs, as in a crash or an out-of-memory kill. */
  async kill9(): Promise<void> {
    if (this.running) this.process.kill('SIGKILL');
    await within(this.exited, 'the killed server to exit');
  }

  /** SIGTERM, the graceful stop; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.running) this.process.kill('SIGTERM');
    return within(this.exited, 'the server to stop after SIGTERM');
  }
}

export interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `ichat-server <args>` to completion. */
export function runCommand(args: string[], ms = STEP_MS): Promise<CommandRun> {
  requireBuild();
  return within(
    new Promise<CommandRun>((resolve) => {
      execFile(process.execPath, [MAIN, ...args], { env: cleanEnv(), timeout: ms }, (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
      });
    }),
    `ichat-server ${args.join(' ')}`,
    ms + 1000,
  );
}

export interface Account {
  id: number;
  username: string;
  token: string;
}

/** Registers `name@example.test` over HTTP. */
export async function register(url: string, name: string): Promise<Account> {
  const response = await fetch(new URL(ROUTES.register.path, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${name}@example.test`, username: name, password: 'correct horse battery' }),
    signal: AbortSignal.timeout(STEP_MS),
  });
  const body: unknown = await response.json();
  if (response.status !== 201) throw new Error(`Registering ${name} failed: ${response.status} ${JSON.stringify(body)}`);
  const { user, token } = parseAnswer(ROUTES.login, body);
  return { id: user.id, username: user.username, token };
}

/** GET /healthz: the status code and the validated answer. */
export async function health(url: string): Promise<{ status: number; database: string; overall: string }> {
  const response = await fetch(new URL(ROUTES.health.path, url), { signal: AbortSignal.timeout(STEP_MS) });
  const answer = parseAnswer(ROUTES.health, await response.json());
  return { status: response.status, database: answer.database, overall: answer.status };
}

/** How one send ended, as its sender saw it. */
export type SendOutcome =
  | { kind: 'acked'; message: Message; duplicate: boolean }
  | { kind: 'refused'; error: IChatError }
  /** The socket closed before an answer: the message may or may not be stored. */
  | { kind: 'unknown' };

interface Pending {
  resolve: (frame: { ok: true; result: unknown } | { ok: false; error: IChatError } | undefined) => void;
}

/**
 * A raw `ws` client: requests with ids, replies matched by id and validated with the protocol's parsers. Events are
 * ignored. When the socket closes, every unanswered request resolves as unanswered.
 */
export class LoadClient {
  readonly #socket: WebSocket;
  readonly #pending = new Map<string, Pending>();
  readonly closed: Promise<void>;
  #nextId = 1;
  #isClosed = false;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: WebSocket.RawData) => this.#receive(data));
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.#isClosed = true;
        for (const pending of this.#pending.values()) pending.resolve(undefined);
        this.#pending.clear();
        resolve();
      });
    });
    // A killed server resets the connection; the close handler above is what matters.
    socket.on('error', () => undefined);
  }

  /** Opens a socket and authenticates it with `token`. */
  static async open(wsUrl: string, token: string): Promise<LoadClient> {
    const socket = new WebSocket(wsUrl, { handshakeTimeout: 5000 });
    await within(
      new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      }),
      `the socket to ${wsUrl} to open`,
    );
    const client = new LoadClient(socket);
    await client.request('auth', { token });
    return client;
  }

  get isOpen(): boolean {
    return !this.#isClosed;
  }

  /** A request that must succeed. */
  async request<K extends RequestType>(type: K, params: Requests[K]['params']): Promise<Requests[K]['result']> {
    const answer = await within(this.#ask(type, params), `the answer to ${type}`);
    if (answer === undefined) throw new Error(`The socket closed before ${type} was answered`);
    if (!answer.ok) throw answer.error;
    return parseResult(type, answer.result);
  }

  /** Sends one message and reports how it ended; never throws for the server's answer. */
  async send(roomId: number, clientMsgId: string, text: string): Promise<SendOutcome> {
    const answer = await within(this.#ask('message.send', { roomId, clientMsgId, text }), `the answer to ${clientMsgId}`);
    if (answer === undefined) return { kind: 'unknown' };
    if (!answer.ok) return { kind: 'refused', error: answer.error };
    const result = parseResult('message.send', answer.result);
    return { kind: 'acked', message: result.message, duplicate: result.duplicate };
  }

  /** Closes the socket, forcibly if the server does not answer the close. */
  async close(): Promise<void> {
    if (this.#isClosed) return;
    this.#socket.close(1000);
    await within(this.closed, 'the socket to close', 2000).catch(() => {
      this.#socket.terminate();
      return this.closed;
    });
  }

  #ask<K extends RequestType>(
    type: K,
    params: Requests[K]['params'],
  ): Promise<{ ok: true; result: unknown } | { ok: false; error: IChatError } | undefined> {
    if (this.#isClosed) return Promise.resolve(undefined);
    const id = `f${this.#nextId++}`;
    return new Promise((resolve) => {
      this.#pending.set(id, { resolve });
      this.#socket.send(encodeRequest(type, id, params));
    });
  }

  #receive(data: WebSocket.RawData): void {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
    const frame = parseServerFrame(text);
    if (frame.type !== 'reply' && frame.type !== 'error') return;
    if (frame.id === null) return;
    const pending = this.#pending.get(frame.id);
    if (pending === undefined) return;
    this.#pending.delete(frame.id);
    pending.resolve(frame.type === 'reply' ? { ok: true, result: frame.result } : { ok: false, error: IChatError.fromWire(frame.error) });
  }
}

/** One stored message, as the suites compare it with the ledger. */
export interface StoredRow {
  roomId: number;
  seq: number;
  senderId: number;
  clientMsgId: string;
  text: string;
}

function column(row: unknown, name: string): unknown {
  return typeof row === 'object' && row !== null ? Reflect.get(row, name) : undefined;
}

function intColumn(row: unknown, name: string): number {
  const value = column(row, name);
  if (typeof value !== 'number') throw new Error(`Column ${name} is not a number`);
  return value;
}

function textColumn(row: unknown, name: string): string {
  const value = column(row, name);
  if (typeof value !== 'string') throw new Error(`Column ${name} is not text`);
  return value;
}

/** What the database file holds, read through a connection of the test's own (a running server keeps writing). */
export function readDatabase(path: string): { messages: StoredRow[]; lastSeqs: Map<number, number> } {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const messages = db
      .prepare('select room_id, seq, sender_id, client_msg_id, text from messages order by room_id, seq')
      .all()
      .map((row) => ({
        roomId: intColumn(row, 'room_id'),
        seq: intColumn(row, 'seq'),
        senderId: intColumn(row, 'sender_id'),
        clientMsgId: textColumn(row, 'client_msg_id'),
        text: textColumn(row, 'text'),
      }));
    const lastSeqs = new Map<number, number>();
    for (const row of db.prepare('select id, last_seq from rooms').all()) lastSeqs.set(intColumn(row, 'id'), intColumn(row, 'last_seq'));
    return { messages, lastSeqs };
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check` on a database file: `['ok']` when sound. */
export function integrityCheck(path: string): string[] {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('pragma integrity_check').all().map((row) => textColumn(row, 'integrity_check'));
  } finally {
    db.close();
  }
}

/** One message a client meant to send, and what it knows of its fate. */
export interface Sent {
  senderId: number;
  roomId: number;
  clientMsgId: string;
  text: string;
  /** Set once acknowledged: the seq the server gave it. */
  seq?: number;
  /** When the acknowledgement arrived (`performance.now()`). */
  ackedAt?: number;
}

/**
 * Every send of a test, by clientMsgId. Checks the database against it: each acknowledged message stored once with
 * its seq and text, nothing stored that was never sent, every room's seqs 1…n without gap or repeat.
 */
export class Ledger {
  readonly sends = new Map<string, Sent>();

  add(sent: Sent): void {
    this.sends.set(sent.clientMsgId, sent);
  }

  get acked(): Sent[] {
    return [...this.sends.values()].filter((sent) => sent.seq !== undefined);
  }

  get unacked(): Sent[] {
    return [...this.sends.values()].filter((sent) => sent.seq === undefined);
  }

  /** The problems found, one line each; empty when the database agrees with every acknowledgement. */
  check(rows: readonly StoredRow[], lastSeqs: ReadonlyMap<number, number>): string[] {
    const problems: string[] = [];
    const byId = new Map<string, StoredRow>();
    const byRoom = new Map<number, number[]>();
    for (const row of rows) {
      const key = `${row.senderId}/${row.clientMsgId}`;
      if (byId.has(key)) problems.push(`stored twice: ${key}`);
      byId.set(key, row);
      const seqs = byRoom.get(row.roomId) ?? [];
      seqs.push(row.seq);
      byRoom.set(row.roomId, seqs);
      const sent = this.sends.get(row.clientMsgId);
      if (sent === undefined || sent.senderId !== row.senderId) problems.push(`stored but never sent: ${key}`);
      else if (sent.text !== row.text || sent.roomId !== row.roomId) problems.push(`stored differently: ${key}`);
    }
    for (const [roomId, seqs] of byRoom) {
      // Rows come ordered by seq, so a room is contiguous exactly when its i-th seq is i.
      const gap = seqs.findIndex((seq, index) => seq !== index + 1);
      if (gap !== -1) problems.push(`room ${roomId}: seq ${seqs[gap]} at position ${gap + 1}`);
      if (lastSeqs.get(roomId) !== seqs.length) problems.push(`room ${roomId}: last_seq ${lastSeqs.get(roomId)} for ${seqs.length} messages`);
    }
    for (const sent of this.acked) {
      const row = byId.get(`${sent.senderId}/${sent.clientMsgId}`);
      if (row === undefined) problems.push(`acked but lost: ${sent.clientMsgId} (seq ${sent.seq})`);
      else if (row.seq !== sent.seq) problems.push(`acked as seq ${sent.seq}, stored as ${row.seq}: ${sent.clientMsgId}`);
    }
    return problems;
  }
}

/** A client's account and the rooms it writes to. */
export interface Sender {
  account: Account;
  rooms: number[];
  /** Appended to every text, to make messages (and the database) bigger. */
  padding?: string;
}

/** Sends each client keeps in flight, so several are in one group commit at any moment. */
const WINDOW = 8;
/** A bound on one client's sends per pump, should nothing stop it. */
const MAX_SENDS_PER_PUMP = 20_000;

/**
 * Keeps `WINDOW` sends in flight from one client, to its rooms in turn, until `stop` is set or the socket dies,
 * recording each send in the ledger before it goes and its ack when it comes. Refusals are collected, not thrown.
 */
export async function pump(client: LoadClient, sender: Sender, ledger: Ledger, stop: { done: boolean }, refusals: string[]): Promise<void> {
  let count = 0;
  const lane = async (): Promise<void> => {
    while (!stop.done && client.isOpen && count < MAX_SENDS_PER_PUMP) {
      count++;
      const sent: Sent = {
        senderId: sender.account.id,
        roomId: sender.rooms[count % sender.rooms.length] ?? 0,
        clientMsgId: randomUUID(),
        text: `${sender.account.username} ${count}${sender.padding ?? ''}`,
      };
      ledger.add(sent);
      const outcome = await client.send(sent.roomId, sent.clientMsgId, sent.text);
      if (outcome.kind === 'acked') {
        if (outcome.duplicate) refusals.push(`a first send was answered as a duplicate: ${sent.clientMsgId}`);
        sent.seq = outcome.message.seq;
        sent.ackedAt = performance.now();
      } else if (outcome.kind === 'refused') {
        refusals.push(`${outcome.error.code}: ${outcome.error.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: WINDOW }, lane));
}

/** A filesystem mounted for one test, or why there is none. */
export type Mounted = { dir: string; unmount: () => void } | { skip: string };

/**
 * Mounts a tmpfs of `bytes` on a fresh temporary folder. Needs root (and CAP_SYS_ADMIN); anywhere else the
 * caller skips with the reason returned.
 */
export function mountTmpfs(bytes: number): Mounted {
  if (process.getuid?.() !== 0) return { skip: 'needs root to mount a small filesystem for the data folder' };
  const dir = tempDir('ichat-faults-mnt-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { skip: `could not mount a tmpfs (${why}); containers without CAP_SYS_ADMIN cannot` };
  }
  return {
    dir,
    unmount: () => {
      // Lazy, so a process that still holds a file there (a server that failed to stop) cannot keep it mounted.
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Remounts a tmpfs read-only (nothing may hold a file open for writing on it) or writable again. */
export function remount(dir: string, mode: 'ro' | 'rw'): void {
  execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'pipe' });
}

/**
 * Fills the filesystem holding `dir` with a file named `filler`, to the last byte it takes, and returns its path.
 * Bounded by `maxBytes`, the filesystem's size.
 */
export function fillDisk(dir: string, maxBytes: number): string {
  const path = join(dir, 'filler');
  const descriptor = openSync(path, 'w');
  try {
    // Large writes first, then small ones into the last pages the large ones could not take.
    for (const chunk of [Buffer.alloc(256 * 1024, 1), Buffer.alloc(4096, 1), Buffer.alloc(512, 1)]) {
      for (let written = 0; written <= maxBytes; written += chunk.length) {
        try {
          writeSync(descriptor, chunk);
        } catch (error) {
          if (error instanceof Error && Reflect.get(error, 'code') === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(descriptor);
  }
  return path;
}
