// The WebSocket fuzzer: authenticated clients send batches of fuzz frames mixed with valid messages to a real server,
// and after each batch the server must be alive, have answered every frame once with a well-formed frame, have closed
// sockets only for documented reasons, and have stored every message it acknowledged.

import { randomUUID } from 'node:crypto';
import { CLOSE_CODES, isErrorCode, isFields, parseServerFrame } from '@ichat/protocol';
import WebSocket from 'ws';
import { openDirect } from '../support/chat.js';
import type { TestServer, TestUser } from '../support/test-server.js';
import { FrameGenerator, type FrameKind, type FuzzContext, type FuzzFrame } from './frame-generator.js';
import { Random } from './random.js';

export interface FuzzOptions {
  seed: number;
  /** Fuzzing clients, each with its own account. */
  clients: number;
  framesPerBatch: number;
  /** Stop after this many batches… */
  maxBatches: number;
  /** …or once this much time has passed, whichever comes first. */
  maxMs: number;
  /** Called after each batch, e.g. to print progress in a long run. */
  onBatch?: (figures: FuzzFigures) => void;
}

/** What a run did and found. */
export interface FuzzFigures {
  seed: number;
  batches: number;
  framesSent: number;
  byKind: Partial<Record<FrameKind | 'repeat', number>>;
  /** Answers received: `reply`, or `error:<code>`. */
  answers: Record<string, number>;
  /** Frames left unanswered because their socket was closed first (by a 1008, or a drop the fuzzer provoked). */
  unansweredAfterClose: number;
  /** Close codes seen, by code. */
  closes: Record<string, number>;
  validSent: number;
  validStored: number;
  /** The server stopped answering /healthz, or the process went away. */
  crashes: number;
  /** Everything that broke a rule, with the batch it happened in. */
  problems: string[];
  elapsedMs: number;
}

/** Per-id answers still due on one socket. */
type Due = Map<string | null, number>;

const ANSWER_WAIT_MS = 5000;

/** Close codes the fuzz traffic may cause: 1008 for floods of refused frames, 1006 for frames uWS drops unread. */
const POLICY = CLOSE_CODES.policy_violation;
const DROPPED = 1006;

class FuzzClient {
  readonly socket: WebSocket;
  readonly due: Due = new Map();
  readonly acks = new Map<string, (ok: boolean) => void>();
  /** Set once a frame was sent that uWS answers by dropping the connection. */
  mayDrop = false;
  closeCode: number | undefined;
  readonly closed: Promise<void>;
  readonly #figures: FuzzFigures;
  readonly #problem: (text: string) => void;

  constructor(url: string, figures: FuzzFigures, problem: (text: string) => void) {
    this.socket = new WebSocket(url);
    this.#figures = figures;
    this.#problem = problem;
    this.socket.on('message', (data, isBinary) => this.#receive(data, isBinary));
    this.socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => {
      this.socket.on('close', (code) => {
        this.closeCode = code;
        for (const settle of this.acks.values()) settle(false);
        this.acks.clear();
        resolve();
      });
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Opens the socket and authenticates; resolves false if either failed. */
  async start(token: string): Promise<boolean> {
    const opened = await new Promise<boolean>((resolve) => {
      this.socket.once('open', () => resolve(true));
      this.socket.once('close', () => resolve(false));
    });
    if (!opened) return false;
    return this.request('auth', { token });
  }

  /** Sends a valid request and resolves true once it is answered with a reply. */
  request(type: string, params: Record<string, unknown>): Promise<boolean> {
    const id = `v-${randomUUID()}`;
    const answered = new Promise<boolean>((resolve) => this.acks.set(id, resolve));
    this.socket.send(JSON.stringify({ ...params, type, id }));
    return answered;
  }

  send(frame: FuzzFrame): void {
    if (frame.answerId === undefined) this.mayDrop = true;
    else this.due.set(frame.answerId, (this.due.get(frame.answerId) ?? 0) + 1);
    this.socket.send(frame.data, { binary: frame.binary });
  }

  get outstanding(): number {
    let count = 0;
    for (const n of this.due.values()) count += n;
    return count;
  }

  close(): Promise<void> {
    if (this.closeCode === undefined) this.socket.terminate();
    return this.closed;
  }

  #receive(data: WebSocket.RawData, isBinary: boolean): void {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
    if (isBinary) return this.#problem(`the server sent a binary frame: ${text.slice(0, 80)}`);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
      parseServerFrame(raw);
    } catch (error) {
      return this.#problem(`the server sent a frame its own protocol refuses (${String(error)}): ${text.slice(0, 200)}`);
    }
    if (!isFields(raw) || (raw['type'] !== 'reply' && raw['type'] !== 'error')) return;
    const id = typeof raw['id'] === 'string' ? raw['id'] : null;
    const error = raw['error'];
    const code = isFields(error) ? error['code'] : undefined;
    if (raw['type'] === 'error' && !isErrorCode(code)) this.#problem(`an error frame with an unknown code: ${text.slice(0, 200)}`);
    if (code === 'internal') this.#problem(`an internal error: ${text.slice(0, 200)}`);
    const settle = id === null ? undefined : this.acks.get(id);
    if (id !== null && settle !== undefined) {
      this.acks.delete(id);
      settle(raw['type'] === 'reply');
      return;
    }
    const label = raw['type'] === 'reply' ? 'reply' : `error:${String(code)}`;
    this.#figures.answers[label] = (this.#figures.answers[label] ?? 0) + 1;
    const left = this.due.get(id) ?? 0;
    if (left === 0) return this.#problem(`an answer to a frame that was not sent or was answered already: ${text.slice(0, 200)}`);
    if (left === 1) this.due.delete(id);
    else this.due.set(id, left - 1);
  }
}

interface Seat {
  user: TestUser;
  /** The direct room with the bystander: fuzz frames cannot leave it, so valid traffic always has somewhere to go. */
  roomId: number;
  client: FuzzClient | undefined;
}

function count<K extends string>(table: Partial<Record<K, number>>, key: K): void {
  table[key] = (table[key] ?? 0) + 1;
}

/** Runs the fuzzer against a started server; resolves with its figures (problems listed, never thrown). */
export async function fuzzWebSocket(server: TestServer, options: FuzzOptions): Promise<FuzzFigures> {
  const started = Date.now();
  const random = new Random(options.seed);
  const maxFrameBytes = Number(server.flags['max-frame-bytes'] ?? 65_536);
  const generator = new FrameGenerator(random.fork(), {
    maxFrameBytes,
    hardLimitBytes: Math.max(maxFrameBytes * 4, 256 * 1024),
  });
  const figures: FuzzFigures = {
    seed: options.seed,
    batches: 0,
    framesSent: 0,
    byKind: {},
    answers: {},
    unansweredAfterClose: 0,
    closes: {},
    validSent: 0,
    validStored: 0,
    crashes: 0,
    problems: [],
    elapsedMs: 0,
  };
  let batch = 0;
  const problem = (text: string): void => {
    if (figures.problems.length < 50) figures.problems.push(`batch ${batch}: ${text}`);
  };

  // People and rooms: a bystander who only sends valid traffic, and fuzzers who each share a direct room with them.
  const tag = `${options.seed.toString(36)}x${Date.now().toString(36)}`.replace(/[^a-z0-9]/g, '');
  const bystanderUser = await server.register(`by${tag}`.slice(0, 32));
  const bystander = await server.signIn(bystanderUser);
  const seats: Seat[] = [];
  for (let i = 0; i < options.clients; i += 1) {
    const user = await server.register(`fz${i}${tag}`.slice(0, 32));
    seats.push({ user, roomId: (await openDirect(bystander, user)).roomId, client: undefined });
  }
  const group = await bystander.request('room.create_group', { name: 'fuzz', members: seats.map((seat) => seat.user.username) });
  const context: FuzzContext = {
    roomIds: [group.chat.roomId, ...seats.map((seat) => seat.roomId)],
    usernames: [bystanderUser.username, ...seats.map((seat) => seat.user.username)],
    userIds: [bystanderUser.id, ...seats.map((seat) => seat.user.id)],
  };

  try {
    while (batch < options.maxBatches && Date.now() - started < options.maxMs) {
      batch += 1;
      // A socket closed in the last batch is replaced; its close must have had a documented cause.
      for (const seat of seats) {
        if (seat.client?.isOpen === true) continue;
        const fresh = new FuzzClient(server.wsUrl, figures, problem);
        if (!(await fresh.start(seat.user.token))) problem(`client ${seat.user.username} could not connect and authenticate`);
        seat.client = fresh;
      }

      const acks: { seat: Seat; clientMsgId: string; text: string; acked: Promise<boolean> }[] = [];
      for (const seat of seats) {
        const client = seat.client;
        if (client === undefined) continue;
        const validAt = random.int(options.framesPerBatch);
        for (let i = 0; i < options.framesPerBatch; i += 1) {
          if (i === validAt) {
            // Valid traffic interleaved with the garbage: it must be acknowledged and stored as if nothing else happened.
            const clientMsgId = `valid-${batch}-${seat.user.id}`;
            const text = `valid message ${batch}`;
            acks.push({ seat, clientMsgId, text, acked: client.request('message.send', { roomId: seat.roomId, clientMsgId, text }) });
            figures.validSent += 1;
          }
          if (!client.isOpen) break;
          const frame = generator.next(context);
          count(figures.byKind, frame.kind);
          client.send(frame);
          figures.framesSent += 1;
          if (frame.answerId !== undefined && random.chance(0.03)) {
            // The same frame again: it must be answered twice (a resend of a message.send is a duplicate, not an error).
            count(figures.byKind, 'repeat');
            client.send(frame);
            figures.framesSent += 1;
          }
        }
      }

      // Every frame answered (or its socket closed for a documented reason) within the wait.
      const deadline = Date.now() + ANSWER_WAIT_MS;
      while (Date.now() < deadline && seats.some((seat) => seat.client?.isOpen === true && seat.client.outstanding > 0)) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      for (const seat of seats) {
        const client = seat.client;
        if (client === undefined) continue;
        if (client.isOpen && client.outstanding > 0) {
          problem(`${client.outstanding} frames unanswered on an open socket: ${JSON.stringify([...client.due.entries()].slice(0, 5))}`);
        }
        if (!client.isOpen) {
          figures.unansweredAfterClose += client.outstanding;
          await client.closed;
          const code = client.closeCode ?? 0;
          count(figures.closes, String(code));
          if (code !== POLICY && !(code === DROPPED && client.mayDrop)) problem(`a socket closed with ${code}`);
        }
        client.due.clear();
      }

      // Every acknowledged message is stored, once, with its text, unless a fuzzed edit or delete of the same sender's
      // (which may name any seq of the room) changed it since.
      for (const ack of acks) {
        const acked = await Promise.race([ack.acked, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ANSWER_WAIT_MS))]);
        if (!acked) {
          // A mutated block frame can name a real user, the bystander among them: then the refusal is the right answer.
          const blocked = server.db.blockedBetween(ack.seat.user.id, bystanderUser.id);
          if (ack.seat.client?.isOpen === true && !blocked) problem(`valid message ${ack.clientMsgId} was not acknowledged on an open socket`);
          continue;
        }
        const stored = server.db.messages(ack.seat.roomId).filter((m) => m.clientMsgId === ack.clientMsgId);
        const [message] = stored;
        if (stored.length !== 1 || message === undefined) problem(`acknowledged message ${ack.clientMsgId} is stored ${stored.length} times`);
        else if (message.text !== ack.text && !message.edited && !message.deleted) {
          problem(`acknowledged message ${ack.clientMsgId} is stored with another text, never edited: ${JSON.stringify(message.text)}`);
        } else figures.validStored += 1;
      }

      // The server is alive and still serves a well-behaved client.
      const health = await server.http('/healthz').catch(() => undefined);
      if (health?.status !== 200) {
        figures.crashes += 1;
        problem(`/healthz answered ${health?.status ?? 'nothing'}`);
        break;
      }
      await bystander.sync();
      figures.batches = batch;
      figures.elapsedMs = Date.now() - started;
      options.onBatch?.(figures);
      if (figures.problems.length > 0) break;
    }
  } finally {
    for (const seat of seats) await seat.client?.close();
  }
  figures.elapsedMs = Date.now() - started;
  return figures;
}
