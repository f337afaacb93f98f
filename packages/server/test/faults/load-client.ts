// Raw WebSocket clients that load a server for the fault tests: requests matched to replies by id, each send's fate
// (acked, refused or unknown), and a pump that keeps sends in flight while recording them in a ledger.

import { randomUUID } from 'node:crypto';
import { encodeRequest, IChatError, type Message, parseResult, parseServerFrame, type RequestType, type Requests } from '@ichat/protocol';
import type { Account } from '@ichat/test-kit';
import WebSocket from 'ws';
import { within } from '../support/wait.js';
import { STEP_MS } from './fault-server.js';
import type { Ledger, Sent } from './ledger.js';

/** How one send ended, as its sender saw it. */
export type SendOutcome =
  | { kind: 'acked'; message: Message; duplicate: boolean }
  | { kind: 'refused'; error: IChatError }
  /** The socket closed before an answer: the message may or may not be stored. */
  | { kind: 'unknown' };

type Answer = { ok: true; result: unknown } | { ok: false; error: IChatError } | undefined;

/**
 * A raw `ws` client: requests with ids, replies matched by id and validated with the protocol's parsers. Events are
 * ignored. When the socket closes, every unanswered request resolves as unanswered.
 */
export class LoadClient {
  readonly #socket: WebSocket;
  readonly #pending = new Map<string, (answer: Answer) => void>();
  readonly closed: Promise<void>;
  #nextId = 1;
  #isClosed = false;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: WebSocket.RawData) => this.#receive(data));
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.#isClosed = true;
        for (const resolvePending of this.#pending.values()) resolvePending(undefined);
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
      STEP_MS,
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
    const answer = await within(this.#ask(type, params), `the answer to ${type}`, STEP_MS);
    if (answer === undefined) throw new Error(`The socket closed before ${type} was answered`);
    if (!answer.ok) throw answer.error;
    return parseResult(type, answer.result);
  }

  /** Sends one message and reports how it ended; never throws for the server's answer. */
  async send(roomId: number, clientMsgId: string, text: string): Promise<SendOutcome> {
    const answer = await within(this.#ask('message.send', { roomId, clientMsgId, text }), `the answer to ${clientMsgId}`, STEP_MS);
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

  #ask<K extends RequestType>(type: K, params: Requests[K]['params']): Promise<Answer> {
    if (this.#isClosed) return Promise.resolve(undefined);
    const id = `f${this.#nextId++}`;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#socket.send(encodeRequest(type, id, params));
    });
  }

  #receive(data: WebSocket.RawData): void {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
    const frame = parseServerFrame(text);
    if (frame.type !== 'reply' && frame.type !== 'error') return;
    if (frame.id === null) return;
    const resolve = this.#pending.get(frame.id);
    if (resolve === undefined) return;
    this.#pending.delete(frame.id);
    resolve(frame.type === 'reply' ? { ok: true, result: frame.result } : { ok: false, error: IChatError.fromWire(frame.error) });
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
  const { id, username } = sender.account.user;
  let count = 0;
  const lane = async (): Promise<void> => {
    while (!stop.done && client.isOpen && count < MAX_SENDS_PER_PUMP) {
      count++;
      const sent: Sent = {
        senderId: id,
        roomId: sender.rooms[count % sender.rooms.length] ?? 0,
        clientMsgId: randomUUID(),
        text: `${username} ${count}${sender.padding ?? ''}`,
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
