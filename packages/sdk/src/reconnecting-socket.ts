// The socket lifecycle: dial, authenticate, heartbeat, and reconnect with backoff until told to stop.

import { backoffDelay, type BackoffOptions } from './backoff.js';
import { Emitter } from './emitter.js';
import {
  CLOSE_CODES,
  IChatError,
  PROTOCOL_VERSION,
  WS_PATH,
  parseServerFrame,
  type EventFrame,
  type ReadyResult,
  type RequestType,
  type Requests,
} from '@ichat/protocol';
import { PendingRequests } from './requests.js';
import type { WebSocketConstructor, WebSocketLike } from './websocket.js';

/**
 * Where the connection is. `connecting`: first dial. `open`: authenticated, requests flow. `reconnecting`: the socket
 * was lost and a retry is scheduled or under way. `closed`: stopped; see {@link ClosedReason}.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Why the connection is `closed`. `client`: `close()` or `logout()` was called. `unauthorized`: the token was refused
 * or revoked (close code 4001). `banned`: the user was banned from the server (4003); no sign-in of theirs works until
 * the host site lifts the ban. `replaced`: the server closed this socket in favour of another (4009).
 * `protocol_mismatch`: the server speaks another protocol version. `no_token`: there is no token to connect with.
 */
export type ClosedReason = 'client' | 'unauthorized' | 'banned' | 'replaced' | 'protocol_mismatch' | 'no_token';

/** A change of {@link ConnectionState}. */
export interface StateChange {
  state: ConnectionState;
  previous: ConnectionState;
  /** Set when `state` is `closed`. */
  reason?: ClosedReason;
  /** Set when `state` is `reconnecting`: the close code of the lost socket, when there was one. */
  closeCode?: number;
}

/** Timings of a {@link ReconnectingSocket}. */
export interface ConnectionTimings {
  /** How often an idle open socket is checked with a `ping` request. Default 20 000 ms. */
  pingIntervalMs?: number;
  /** How long a `ping` may go unanswered before the socket is considered dead. Default 10 000 ms. */
  pingTimeoutMs?: number;
  /** How long any request may wait for its answer (including waiting for the socket to open). Default 15 000 ms. */
  requestTimeoutMs?: number;
  /** Reconnect delays. */
  backoff?: BackoffOptions;
}

/** What a {@link ReconnectingSocket} needs from its owner. */
export interface ReconnectingSocketOptions extends ConnectionTimings {
  /** The server's base URL, `http(s)://host[:port]`, or its WebSocket URL `ws(s)://host[:port]/ws`. */
  url: string;
  WebSocket: WebSocketConstructor;
  /** The current token, read at each dial so a new login takes effect on the next connection. */
  token: () => string | undefined;
  /** Source of jitter; `Math.random` unless a test pins it. */
  random?: () => number;
}

/** Events of a {@link ReconnectingSocket}. */
export interface ReconnectingSocketEvents {
  state: StateChange;
  /** Authenticated on a new socket. */
  ready: ReadyResult;
  /** A pushed event frame, validated. */
  event: EventFrame;
  /** The token was refused; the connection is now closed. */
  unauthorized: IChatError;
  /** The user was banned (close code 4003); the connection is now closed for good. */
  banned: IChatError;
  /** A problem that did not stop the connection (an unreadable frame, an error frame without an id). */
  error: IChatError;
}

/** The close code the client uses when it drops a socket itself (dead heartbeat, offline). */
const CLIENT_DROP_CODE = 4000;

/** The WebSocket URL for a server base URL. */
export function socketUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    parsed.protocol = parsed.protocol === 'https:' ? 'wss:' : 'ws:';
    parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}${WS_PATH}`;
  }
  return parsed.toString();
}

/** The browser's online/offline signals, when there are any. */
function onlineSignals(): { isOffline(): boolean; listen(online: () => void, offline: () => void): () => void } {
  const target = typeof globalThis.addEventListener === 'function' ? globalThis : undefined;
  return {
    isOffline: () => typeof navigator !== 'undefined' && navigator.onLine === false,
    listen: (online, offline) => {
      if (target === undefined) return () => undefined;
      target.addEventListener('online', online);
      target.addEventListener('offline', offline);
      return () => {
        target.removeEventListener('online', online);
        target.removeEventListener('offline', offline);
      };
    },
  };
}

/**
 * One logical connection to the server across any number of sockets. Every state change goes through
 * {@link ReconnectingSocket.#transition}.
 */
export class ReconnectingSocket {
  readonly events = new Emitter<ReconnectingSocketEvents>();
  readonly #options: ReconnectingSocketOptions;
  readonly #random: () => number;
  readonly #online = onlineSignals();
  #state: ConnectionState = 'closed';
  #socket: WebSocketLike | undefined;
  #requests = new PendingRequests();
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #stopListening: (() => void) | undefined;

  constructor(options: ReconnectingSocketOptions) {
    this.#options = options;
    this.#random = options.random ?? Math.random;
  }

  /** Where the connection is now. */
  get state(): ConnectionState {
    return this.#state;
  }

  /**
   * Starts connecting, if closed.
   *
   * @throws {IChatError} `unauthorized` when there is no token to connect with.
   */
  connect(): void {
    if (this.#state !== 'closed') return;
    if (this.#options.token() === undefined) throw new IChatError('unauthorized', 'No token to connect with: log in first');
    this.#attempt = 0;
    this.#stopListening = this.#online.listen(
      () => this.#onBrowserOnline(),
      () => this.#onBrowserOffline(),
    );
    this.#transition('connecting');
    this.#dial();
  }

  /** Stops for good (until {@link ReconnectingSocket.connect}); requests in flight fail with `disconnected`. */
  close(reason: ClosedReason = 'client'): void {
    if (this.#state === 'closed') return;
    this.#transition('closed', { reason });
  }

  /** Drops the current socket and reconnects after the usual backoff, as when the server sent nonsense. */
  drop(): void {
    if (this.#socket !== undefined) this.#lose(this.#socket, undefined);
  }

  /** Drops the current socket and reconnects at once, as after a network change. */
  reconnectNow(): void {
    if (this.#state === 'closed') return;
    this.#attempt = 0;
    if (this.#socket !== undefined) this.#lose(this.#socket, undefined);
    clearTimeout(this.#retryTimer);
    this.#dial();
  }

  /**
   * Sends a request and resolves with its validated result. While connecting or reconnecting, the request waits for
   * the socket to open (within the same timeout). Fails with `disconnected` when the socket is lost before the
   * answer, or at once when the connection is closed.
   */
  async request<K extends RequestType>(
    type: K,
    params: Requests[K]['params'],
    timeoutMs = this.#options.requestTimeoutMs ?? 15_000,
  ): Promise<Requests[K]['result']> {
    const deadline = Date.now() + timeoutMs;
    if (this.#state !== 'open') await this.#waitForOpen(timeoutMs);
    return this.#send(type, params, Math.max(1, deadline - Date.now()));
  }

  #send<K extends RequestType>(type: K, params: Requests[K]['params'], timeoutMs: number): Promise<Requests[K]['result']> {
    const socket = this.#socket;
    if (socket === undefined || this.#state !== 'open') {
      return Promise.reject(new IChatError('disconnected', 'Not connected'));
    }
    const started = this.#requests.start(type, params, timeoutMs);
    socket.send(started.frame);
    return started.result;
  }

  #waitForOpen(timeoutMs: number): Promise<void> {
    if (this.#state === 'closed') return Promise.reject(new IChatError('disconnected', 'The client is closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new IChatError('disconnected', `Not connected within ${timeoutMs} ms`));
      }, timeoutMs);
      const stop = this.events.on('state', (change) => {
        if (change.state === 'open') resolve();
        else if (change.state === 'closed') reject(new IChatError('disconnected', 'The client is closed'));
        else return;
        clearTimeout(timer);
        stop();
      });
    });
  }

  /** The one place the state changes, with what each change must start or stop. */
  #transition(next: ConnectionState, detail: { reason?: ClosedReason; closeCode?: number } = {}): void {
    const previous = this.#state;
    if (previous === next) return;
    this.#state = next;
    if (next !== 'open') this.#stopHeartbeat();
    if (next === 'open') this.#startHeartbeat();
    if (next === 'closed') {
      clearTimeout(this.#retryTimer);
      this.#stopListening?.();
      this.#stopListening = undefined;
      const socket = this.#socket;
      this.#socket = undefined;
      socket?.close(CLOSE_CODES.normal, 'client_closed');
      this.#requests.rejectAll(new IChatError('disconnected', 'The client is closed'));
    }
    const change: StateChange = { state: next, previous };
    if (detail.reason !== undefined) change.reason = detail.reason;
    if (detail.closeCode !== undefined) change.closeCode = detail.closeCode;
    this.events.emit('state', change);
  }

  #dial(): void {
    this.#retryTimer = undefined;
    if (this.#state === 'closed') return;
    if (this.#online.isOffline()) return; // the browser's `online` event dials
    const token = this.#options.token();
    if (token === undefined) {
      this.#transition('closed', { reason: 'no_token' });
      return;
    }
    let socket: WebSocketLike;
    try {
      socket = new this.#options.WebSocket(socketUrl(this.#options.url));
    } catch (error) {
      this.events.emit('error', new IChatError('unavailable', 'Could not open a WebSocket', { cause: error }));
      this.#scheduleRetry(undefined);
      return;
    }
    this.#socket = socket;
    this.#requests = new PendingRequests();
    const requests = this.#requests;
    socket.addEventListener('open', () => {
      if (socket === this.#socket) this.#authenticate(socket, requests, token);
    });
    socket.addEventListener('message', (event) => {
      if (socket === this.#socket) this.#receive(requests, event.data);
    });
    // Without an error listener `ws` would throw; the close event that follows is what matters.
    socket.addEventListener('error', () => undefined);
    socket.addEventListener('close', (event) => {
      if (socket === this.#socket) this.#lose(socket, event.code);
    });
  }

  #authenticate(socket: WebSocketLike, requests: PendingRequests, token: string): void {
    const started = requests.start('auth', { token }, this.#options.requestTimeoutMs ?? 15_000);
    socket.send(started.frame);
    started.result.then(
      (ready) => {
        if (socket !== this.#socket) return;
        if (ready.protocol !== PROTOCOL_VERSION) {
          this.events.emit(
            'error',
            new IChatError('bad_request', `Server speaks protocol ${ready.protocol}; this SDK speaks ${PROTOCOL_VERSION}`),
          );
          this.#transition('closed', { reason: 'protocol_mismatch' });
          return;
        }
        this.#attempt = 0;
        this.#transition('open');
        this.events.emit('ready', ready);
      },
      (error: unknown) => {
        if (socket !== this.#socket) return;
        if (error instanceof IChatError && error.code === 'unauthorized') this.#unauthorized(error);
        else this.#lose(socket, undefined);
      },
    );
  }

  #receive(requests: PendingRequests, data: unknown): void {
    let frame;
    try {
      frame = parseServerFrame(typeof data === 'string' ? data : new TextDecoder().decode(toBytes(data)));
    } catch (error) {
      this.events.emit('error', error instanceof IChatError ? error : new IChatError('invalid_frame', 'Unreadable frame'));
      return;
    }
    if (frame.type === 'reply') requests.resolve(frame.id, frame.result);
    else if (frame.type === 'error') {
      const error = IChatError.fromWire(frame.error);
      if (frame.id === null || !requests.reject(frame.id, error)) this.events.emit('error', error);
    } else this.events.emit('event', frame);
  }

  /** The socket is gone (closed by the server, the network, or dropped by us): decide whether and when to retry. */
  #lose(socket: WebSocketLike, closeCode: number | undefined): void {
    this.#socket = undefined;
    if (closeCode === undefined) socket.close(CLIENT_DROP_CODE, 'client_drop');
    this.#requests.rejectAll(new IChatError('disconnected', 'The connection was lost'));
    if (this.#state === 'closed') return;
    if (closeCode === CLOSE_CODES.unauthorized) {
      this.#unauthorized(new IChatError('unauthorized', 'The server refused or revoked the token'));
      return;
    }
    if (closeCode === CLOSE_CODES.replaced) {
      this.#transition('closed', { reason: 'replaced' });
      return;
    }
    // Final: reconnecting, even with a fresh token, would only be refused again.
    if (closeCode === CLOSE_CODES.banned) {
      this.#transition('closed', { reason: 'banned' });
      this.events.emit('banned', new IChatError('banned', 'This account is banned from this server'));
      return;
    }
    this.#scheduleRetry(closeCode);
  }

  #unauthorized(error: IChatError): void {
    if (this.#state === 'closed') return;
    this.#transition('closed', { reason: 'unauthorized' });
    this.events.emit('unauthorized', error);
  }

  #scheduleRetry(closeCode: number | undefined): void {
    const detail: { closeCode?: number } = {};
    if (closeCode !== undefined) detail.closeCode = closeCode;
    this.#transition('reconnecting', detail);
    clearTimeout(this.#retryTimer);
    const delay = backoffDelay(this.#attempt, this.#options.backoff ?? {}, this.#random);
    this.#attempt += 1;
    this.#retryTimer = setTimeout(() => this.#dial(), delay);
  }

  #startHeartbeat(): void {
    this.#stopHeartbeat();
    const interval = this.#options.pingIntervalMs ?? 20_000;
    this.#heartbeat = setInterval(() => {
      const socket = this.#socket;
      if (socket === undefined) return;
      this.#send('ping', {}, this.#options.pingTimeoutMs ?? 10_000).catch((error: unknown) => {
        // A silent socket may never report its own death; an unanswered ping is the only reliable sign.
        if (socket === this.#socket && error instanceof IChatError && error.code === 'timeout') this.#lose(socket, undefined);
      });
    }, interval);
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  #onBrowserOffline(): void {
    if (this.#socket !== undefined) this.#lose(this.#socket, undefined);
    clearTimeout(this.#retryTimer);
  }

  #onBrowserOnline(): void {
    if (this.#state === 'closed' || this.#socket !== undefined) return;
    this.#attempt = 0;
    clearTimeout(this.#retryTimer);
    this.#dial();
  }
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new IChatError('invalid_frame', 'Frames must be text');
}
