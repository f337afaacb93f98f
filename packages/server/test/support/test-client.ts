// A WebSocket test client: sends request frames with ids, awaits their replies and pushed events, and validates
// every inbound frame with the protocol's own parser, so a malformed server frame fails the test.

import type { Socket } from 'node:net';
import {
  IChatError,
  parseResult,
  parseServerFrame,
  type ErrorFrame,
  type EventFrame,
  type EventType,
  type ReadyResult,
  type RequestType,
  type Requests,
  type ServerFrame,
} from '@ichat/protocol';
import WebSocket from 'ws';
import { DEFAULT_WAIT_MS, within } from './wait.js';

/** A server frame as the client sees it; replies keep an unchecked `result` until the request type is known. */
export type InboundFrame = ServerFrame | { type: 'reply'; id: string; result: unknown };

/** How the socket ended. */
export interface CloseInfo {
  code: number;
  reason: string;
}

export interface ConnectOptions {
  origin?: string;
  headers?: Record<string, string>;
}

/** Why an upgrade was refused: the HTTP status, `Retry-After`, and the JSON error body. */
export interface RefusedUpgrade {
  status: number;
  retryAfter: string | undefined;
  error: IChatError;
}

interface Waiter {
  match: (frame: InboundFrame) => boolean;
  resolve: (frame: InboundFrame) => void;
}

/** Whether a frame is a pushed event of the given type. */
export function isEvent<K extends EventType>(frame: InboundFrame | EventFrame<K>, type: K): frame is EventFrame<K> {
  return frame.type === type;
}

export class TestClient {
  readonly socket: WebSocket;
  /** Every frame received, in arrival order, for ordering assertions. */
  readonly received: InboundFrame[] = [];
  /** Resolves when the socket has closed, with the code and reason the server sent. */
  readonly closed: Promise<CloseInfo>;
  /** The TCP socket under the WebSocket, to simulate a client that stops reading. */
  tcp: Socket | undefined;
  #inbox: InboundFrame[] = [];
  #waiters: Waiter[] = [];
  #nextId = 1;
  #violation: Error | undefined;
  #closeInfo: CloseInfo | undefined;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('upgrade', (response) => {
      this.tcp = response.socket;
    });
    socket.on('message', (data, isBinary) => this.#receive(data, isBinary));
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.#closeInfo = { code, reason: reason.toString('utf8') };
        resolve(this.#closeInfo);
      });
    });
  }

  /** Opens a socket and resolves once it is open. */
  static async connect(url: string, options: ConnectOptions = {}): Promise<TestClient> {
    const socket = new WebSocket(url, { ...options, handshakeTimeout: DEFAULT_WAIT_MS });
    const client = new TestClient(socket);
    await within(
      new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      }),
      `the socket to ${url} to open`,
    );
    return client;
  }

  /** Tries to open a socket that the server is expected to refuse at the HTTP upgrade, and returns the refusal. */
  static async refusedUpgrade(url: string, options: ConnectOptions = {}): Promise<RefusedUpgrade> {
    const socket = new WebSocket(url, { ...options, handshakeTimeout: DEFAULT_WAIT_MS });
    return within(
      new Promise<RefusedUpgrade>((resolve, reject) => {
        socket.once('open', () => {
          socket.terminate();
          reject(new Error('The upgrade was accepted but should have been refused'));
        });
        socket.once('error', () => undefined);
        socket.once('unexpected-response', (_request, response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            const header = response.headers['retry-after'];
            resolve({
              status: response.statusCode ?? 0,
              retryAfter: typeof header === 'string' ? header : undefined,
              error: IChatError.fromWire(typeof body === 'object' && body !== null ? Reflect.get(body, 'error') : undefined),
            });
            socket.terminate();
          });
        });
      }),
      `the upgrade to ${url} to be refused`,
    );
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends a request and resolves with its validated result, or rejects with the server's {@link IChatError}. */
  async request<K extends RequestType>(type: K, params: Requests[K]['params']): Promise<Requests[K]['result']> {
    const id = this.sendRequest(type, params);
    const frame = await this.#reply(id, type);
    if (frame.type === 'error') throw IChatError.fromWire(frame.error);
    return parseResult(type, frame.result);
  }

  /** Sends a request that must be refused and resolves with the error. */
  async refused<K extends RequestType>(type: K, params: Requests[K]['params']): Promise<IChatError> {
    const id = this.sendRequest(type, params);
    const frame = await this.#reply(id, type);
    if (frame.type !== 'error') throw new Error(`Expected ${type} to be refused, but it succeeded`);
    return IChatError.fromWire(frame.error);
  }

  /** Sends a request frame without waiting; returns its id. */
  sendRequest<K extends RequestType>(type: K, params: Requests[K]['params']): string {
    const id = `r${this.#nextId++}`;
    this.sendRaw(JSON.stringify({ type, id, ...params }));
    return id;
  }

  /** Sends anything, valid or not: text is sent as a text frame, a Buffer as a binary frame. */
  sendRaw(data: string | Buffer): void {
    this.socket.send(data, { binary: typeof data !== 'string' });
  }

  /** Authenticates with a token and resolves with the `ready` result. */
  auth(token: string): Promise<ReadyResult> {
    return this.request('auth', { token });
  }

  /** A round trip: every frame the server sent this socket before answering is in the inbox afterwards. */
  async sync(): Promise<void> {
    await this.request('ping', {});
  }

  /** Waits for (and consumes) the next pushed event of a type that satisfies `where`. */
  async event<K extends EventType>(
    type: K,
    where: (frame: EventFrame<K>) => boolean = () => true,
    ms = DEFAULT_WAIT_MS,
  ): Promise<EventFrame<K>> {
    const frame = await this.#take((f) => isEvent(f, type) && where(f), `a "${type}" event`, ms);
    if (!isEvent(frame, type)) throw new Error('Matched a frame of the wrong type');
    return frame;
  }

  /** Waits for an error frame that answers no request (`id: null`, or an id this client did not send through request). */
  async uncorrelatedError(ms = DEFAULT_WAIT_MS): Promise<ErrorFrame> {
    const frame = await this.#take((f) => f.type === 'error', 'an error frame', ms);
    if (frame.type !== 'error') throw new Error('Matched a frame of the wrong type');
    return frame;
  }

  /** Pushed events of a type received and not yet consumed (call {@link sync} first to be sure of "none"). */
  unconsumed<K extends EventType>(type: K): EventFrame<K>[] {
    const events: EventFrame<K>[] = [];
    for (const frame of this.#inbox) if (isEvent(frame, type)) events.push(frame);
    return events;
  }

  /** Forgets every unconsumed event, so later waits only see what happens next. */
  clearInbox(): void {
    this.#inbox = [];
  }

  /** Resolves with the close code and reason, failing if the socket stays open too long. */
  closedWithin(ms = DEFAULT_WAIT_MS): Promise<CloseInfo> {
    return within(this.closed, 'the socket to close', ms);
  }

  /** Closes the socket from the client side and waits until it is closed. */
  async close(): Promise<void> {
    if (this.#closeInfo !== undefined) return;
    if (this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN) this.socket.close(1000);
    try {
      await within(this.closed, 'a clean close', 1000);
    } catch {
      this.socket.terminate();
      await this.closed;
    }
  }

  /** Throws if the server ever sent a frame the protocol parser refused. */
  assertNoViolation(): void {
    if (this.#violation !== undefined) throw this.#violation;
  }

  #receive(data: WebSocket.RawData, isBinary: boolean): void {
    if (isBinary) {
      this.#violation ??= new Error('The server sent a binary frame');
      return;
    }
    let frame: InboundFrame;
    try {
      frame = parseServerFrame(rawText(data));
    } catch (error) {
      this.#violation ??= new Error(`The server sent an invalid frame: ${rawText(data)}`, { cause: error });
      return;
    }
    this.received.push(frame);
    const index = this.#waiters.findIndex((waiter) => waiter.match(frame));
    const waiter = index === -1 ? undefined : this.#waiters.splice(index, 1)[0];
    if (waiter !== undefined) waiter.resolve(frame);
    else this.#inbox.push(frame);
  }

  #reply(id: string, type: RequestType): Promise<InboundFrame & { type: 'reply' | 'error' }> {
    return this.#take((f) => (f.type === 'reply' || f.type === 'error') && f.id === id, `the answer to ${type} ${id}`).then(
      (frame) => {
        if (frame.type !== 'reply' && frame.type !== 'error') throw new Error('Matched a frame of the wrong type');
        return frame;
      },
    );
  }

  #take(match: (frame: InboundFrame) => boolean, what: string, ms = DEFAULT_WAIT_MS): Promise<InboundFrame> {
    this.assertNoViolation();
    const index = this.#inbox.findIndex(match);
    const queued = index === -1 ? undefined : this.#inbox.splice(index, 1)[0];
    if (queued !== undefined) return Promise.resolve(queued);
    let waiter: Waiter | undefined;
    const arrived = new Promise<InboundFrame>((resolve) => {
      waiter = { match, resolve };
      this.#waiters.push(waiter);
    });
    return within(arrived, what, ms).catch((error: unknown) => {
      this.#waiters = this.#waiters.filter((w) => w !== waiter);
      const closed = this.#closeInfo === undefined ? '' : ` (socket closed ${this.#closeInfo.code} ${this.#closeInfo.reason})`;
      throw new Error(`${error instanceof Error ? error.message : String(error)}${closed}`);
    });
  }
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}
