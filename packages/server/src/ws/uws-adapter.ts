// The only file that touches uWebSockets.js: sockets and HTTP requests in, the transport's plain interfaces out.

import { createRequire } from 'node:module';
import { CLOSE_CODES, IChatError, WS_PATH } from '@ichat/protocol';
import type * as Uws from 'uWebSockets.js';
import type { Admission } from '../transport/admission.js';
import { BackpressurePolicy, SlowConsumerSweep } from '../transport/backpressure.js';
import { clientAddress } from '../transport/client-address.js';
import type { Broker, Connection } from '../transport/connection.js';
import type { HttpHandler, HttpRequest, HttpResponse } from '../transport/http-handler.js';
import { unsupportedNodeProblem } from '../node-support.js';
import { listenWithRetries } from '../transport/listen-retry.js';
import type { SocketHandler } from '../transport/socket-handler.js';

interface SocketData<Session> {
  address: string;
  /** The handler's state for this socket, from `connect` (the socket is not open before, nor while it waits). */
  session: Session | undefined;
  /**
   * For a socket upgraded before the count shared across nodes answered: that answer, then what came of it. While it
   * is `waiting`, the frames the client sends are kept in `early` and handled once the socket is admitted.
   */
  entry?: Promise<HttpResponse | undefined> | 'waiting' | 'admitted' | 'refused' | 'gone';
  early?: (string | null)[] | undefined;
}

/** Frames a socket may send before the shared count answers (its `auth`, normally); past that it is closed. */
const MAX_EARLY_FRAMES = 16;

export interface UwsOptions {
  host: string;
  port: number;
  allowFallback: boolean;
  /** Whether X-Forwarded-For names the client (see client-address.ts). */
  trustProxy: boolean;
  maxFrameBytes: number;
  maxBackpressureBytes: number;
  /** Called each time the port could not be bound yet and another attempt is scheduled. */
  onListenRetry?: () => void;
}

/** Who serves what arrives: sockets, HTTP requests, and the door both pass first. */
export interface UwsHandlers<Session extends object> {
  readonly socket: SocketHandler<Session>;
  readonly http: HttpHandler;
  readonly admission: Admission;
}

/** A listening server. */
export interface UwsListener {
  readonly port: number;
  /** Stops accepting connections; open sockets stay until their handler closes them. */
  stopListening(): void;
}

/** uWS before it listens: its broker can be handed out first, to the core that the handlers then come from. */
export interface UwsTransport {
  /** Publishes to uWS's in-process topics. Usable at once: a frame published before listening reaches nobody. */
  readonly broker: Broker;
  /** Installs the handlers and binds host:port (retrying a fixed port for a while). Call once. */
  listen<Session extends object>(handlers: UwsHandlers<Session>): Promise<UwsListener>;
}

const decoder = new TextDecoder();

/** Whether uWebSockets.js loaded its native binary rather than the package's JavaScript stand-in. */
export function isNativeUws(uws: typeof Uws): boolean {
  return typeof Reflect.get(uws, 'getParts') === 'function' && /\[native code\]/.test(String(uws.App));
}

/**
 * Loads uWebSockets.js and refuses its silent JavaScript fallback unless allowed: the fallback is many times slower,
 * and throughput is the reason iChat uses uWS. A Node.js version the server does not support is refused before the
 * package is even loaded, so the refusal is one line, not uWS's own warnings followed by it.
 */
export function loadUws(allowFallback: boolean): typeof Uws {
  const unsupported = unsupportedNodeProblem(process.versions.node);
  if (unsupported !== undefined && !allowFallback) throw new IChatError('unavailable', unsupported);
  const require = createRequire(import.meta.url);
  // require() is typed `any`; the package's own declarations describe what it returns.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
  const uws: typeof Uws = require('uWebSockets.js');
  if (!isNativeUws(uws) && !allowFallback) {
    throw new IChatError(
      'unavailable',
      `uWebSockets.js's native binary did not load on ${process.platform}-${process.arch} (it ships binaries for Linux ` +
        'with glibc on x64, arm64 and arm, macOS on x64 and arm64, and Windows on x64); refusing to run on its slow ' +
        'JavaScript fallback. Set ICHAT_ALLOW_UWS_FALLBACK=true (or --allow-uws-fallback) to run anyway.',
    );
  }
  return uws;
}

function peerAddress(res: Uws.HttpResponse): string {
  return decoder.decode(res.getRemoteAddressAsText());
}

/**
 * Writes `response`. A HEAD answer carries the Content-Length its GET would have, without the body (uWS's `end` would
 * report the length of what it sends, 0). A 304 carries no Content-Length: the only one allowed is the full body's,
 * which the 304 does not have. Both end with `endWithoutBody()` and no arguments: in this uWS build an explicit length
 * leaves the response waiting for that many bytes (the next request on the connection then kills it), and an explicit
 * `undefined` is written as 2^63. Neither is ever asked to close the connection (only refusals are).
 */
function writeResponse(res: Uws.HttpResponse, response: HttpResponse, closeConnection = false, head = false): void {
  res.cork(() => {
    res.writeStatus(String(response.status));
    for (const [name, value] of Object.entries(response.headers)) res.writeHeader(name, value);
    if (response.status === 304) {
      res.endWithoutBody();
    } else if (head) {
      res.writeHeader('content-length', String(Buffer.byteLength(response.body)));
      res.endWithoutBody();
    } else {
      res.end(response.body, closeConnection);
    }
  });
}

/** Keeps a frame sent before the socket was admitted; a socket that sends more than a handshake's worth is closed. */
function keepEarly<Session>(ws: Uws.WebSocket<SocketData<Session>>, data: SocketData<Session>, frame: string | null): void {
  const early = (data.early ??= []);
  if (early.length < MAX_EARLY_FRAMES) early.push(frame);
  else ws.end(CLOSE_CODES.policy_violation, 'policy_violation');
}

/**
 * One socket as the chat core sees it. A class rather than an object of closures: its methods live once on the
 * prototype, where four closures per socket cost a few hundred bytes on each of thousands of idle connections.
 */
class UwsConnection<Session> implements Connection {
  readonly remoteAddress: string;
  readonly #publish: Publish;
  readonly #ws: Uws.WebSocket<SocketData<Session>>;
  readonly #inbox: string;
  readonly #backpressure: BackpressurePolicy;

  /**
   * Frames for this socket alone go through a topic of its own (`inbox`) rather than ws.send. A send made outside a
   * uWS callback (every reply that waited for a commit) is written at once, one syscall each; published frames wait
   * in uWS's topic tree until the end of the loop iteration, and everything pending for one socket (its replies and
   * its rooms' messages alike) leaves in one write. uWS keeps their order, and a close drains them first.
   */
  constructor(
    publish: Publish,
    ws: Uws.WebSocket<SocketData<Session>>,
    address: string,
    inbox: string,
    backpressure: BackpressurePolicy,
  ) {
    this.remoteAddress = address;
    this.#publish = publish;
    this.#ws = ws;
    this.#inbox = inbox;
    this.#backpressure = backpressure;
    ws.subscribe(inbox);
  }

  send(frame: string): void {
    // Checked before sending, not after: uWS drops any frame, the close frame included, once a socket is over its
    // hard limit, so a reply that pushed it there would leave the client with a silent 1006 instead of 4008.
    if (this.#backpressure.closesBeforeSend(this.#ws.getBufferedAmount(), frame)) {
      this.#ws.end(CLOSE_CODES.slow_consumer, 'slow_consumer');
      return;
    }
    this.#publish(this.#inbox, frame);
  }

  subscribe(topic: string): void {
    this.#ws.subscribe(topic);
  }

  unsubscribe(topic: string): void {
    this.#ws.unsubscribe(topic);
  }

  close(code: number, reason: string): void {
    this.#ws.end(code, reason);
  }
}

/** Publishes a text frame to a uWS topic. */
type Publish = (topic: string, frame: string) => void;

/** The open sockets, and every write to them, which the slow-consumer sweep follows. */
interface SocketsOut {
  readonly open: Set<Uws.WebSocket<unknown>>;
  readonly publish: Publish;
  readonly backpressure: BackpressurePolicy;
}

/** Creates the uWS app. Nothing is served until `listen`. */
export function createUwsTransport(options: UwsOptions): UwsTransport {
  const uws = loadUws(options.allowFallback);
  const app = uws.App();
  const backpressure = new BackpressurePolicy(options.maxBackpressureBytes);
  const open = new Set<Uws.WebSocket<unknown>>();
  const sweep = new SlowConsumerSweep<Uws.WebSocket<unknown>>(
    {
      open,
      bufferedBytes: (ws) => ws.getBufferedAmount(),
      closeSlow: (ws) => ws.end(CLOSE_CODES.slow_consumer, 'slow_consumer'),
    },
    backpressure,
  );
  // Every frame leaves through a topic (see UwsConnection), so this is every write the sweep must hear of.
  const publish: Publish = (topic, frame) => {
    sweep.noteWrite();
    app.publish(topic, frame, false);
  };
  return {
    broker: { publish },
    listen: (handlers) => listen(uws, app, options, handlers, { open, publish, backpressure }),
  };
}

function listen<Session extends object>(
  uws: typeof Uws,
  app: Uws.TemplatedApp,
  options: UwsOptions,
  { socket: handler, http, admission }: UwsHandlers<Session>,
  { open: sockets, publish, backpressure }: SocketsOut,
): Promise<UwsListener> {
  let socketCount = 0;
  const connectionOf = (ws: Uws.WebSocket<SocketData<Session>>, address: string): Connection =>
    new UwsConnection(publish, ws, address, `socket:${++socketCount}`, backpressure);

  app.ws<SocketData<Session>>(WS_PATH, {
    // Frames over the configured limit get a typed error; only frames far beyond it are cut by uWS itself, which
    // drops the TCP connection without a close frame (clients see 1006), so the typed error is the one to rely on.
    maxPayloadLength: Math.max(options.maxFrameBytes * 4, 256 * 1024),
    idleTimeout: 60,
    sendPingsAutomatically: true,
    // The sweep closes slow consumers with 4008 at the configured limit; this hard stop only catches a burst
    // that outruns the sweep, so memory stays bounded either way.
    maxBackpressure: backpressure.hardLimitBytes,
    closeOnBackpressureLimit: 1,
    upgrade: (res, req, context) => {
      // uWS's request is only readable during this callback: read everything before deciding.
      const origin = req.getHeader('origin');
      const key = req.getHeader('sec-websocket-key');
      const protocol = req.getHeader('sec-websocket-protocol');
      const extensions = req.getHeader('sec-websocket-extensions');
      const address = clientAddress(req.getHeader('x-forwarded-for'), options.trustProxy, () => peerAddress(res));
      const answer = admission.admitSocket({ address, origin: origin === '' ? undefined : origin, host: req.getHeader('host') });
      if (!(answer instanceof Promise)) {
        // Inside this callback uWS has the socket corked already.
        if (answer !== undefined) return writeResponse(res, answer);
        return res.upgrade<SocketData<Session>>({ address, session: undefined }, key, protocol, extensions, context);
      }
      // The count shared across nodes answers after a round trip. The socket is upgraded now, here, and admitted or
      // closed when it answers: an upgrade made later, from the answer's callback, has to be corked by `res.cork()`,
      // whose epilogue in this uWS build can take the new WebSocket for the HTTP response it replaced and shut it down
      // right after the 101 (the client saw 1006).
      res.upgrade<SocketData<Session>>({ address, session: undefined, entry: answer }, key, protocol, extensions, context);
    },
    open: (ws) => {
      const data = ws.getUserData();
      sockets.add(ws);
      const entry = data.entry;
      if (!(entry instanceof Promise)) {
        data.session = handler.connect(connectionOf(ws, data.address));
        return;
      }
      data.entry = 'waiting';
      void entry.then((refusal) => {
        if (data.entry === 'gone') {
          // Closed while waiting: an admitted socket still holds its place in the counts, so it gives it back.
          if (refusal === undefined) admission.leave(data.address);
          return;
        }
        if (refusal !== undefined) {
          data.entry = 'refused';
          ws.end(CLOSE_CODES.too_many_connections, 'too_many_connections');
          return;
        }
        data.entry = 'admitted';
        const session = handler.connect(connectionOf(ws, data.address));
        data.session = session;
        const early = data.early ?? [];
        data.early = undefined;
        for (const frame of early) {
          if (frame === null) handler.receiveBinary(session);
          else handler.receive(session, frame, Buffer.byteLength(frame));
        }
      });
    },
    message: (ws, message, isBinary) => {
      // A text frame arrives here only as valid UTF-8: uWS drops the connection for any other (the client sees 1006,
      // with no close frame; uWS has no way to send 1007 first), so decoding cannot lose bytes.
      const data = ws.getUserData();
      const session = data.session;
      if (session === undefined) {
        if (data.entry === 'waiting') keepEarly(ws, data, isBinary ? null : decoder.decode(message));
        return;
      }
      if (isBinary) {
        handler.receiveBinary(session);
        return;
      }
      handler.receive(session, decoder.decode(message), message.byteLength);
    },
    close: (ws) => {
      const data = ws.getUserData();
      sockets.delete(ws);
      if (data.entry === 'waiting') {
        // The answer gives the place back, if there was one to give.
        data.entry = 'gone';
        return;
      }
      // A refused socket never held a place: the shared count refused it, and the local one was given back then.
      if (data.entry !== 'refused') admission.leave(data.address);
      if (data.session !== undefined) handler.disconnect(data.session);
    },
  });

  app.any('/*', (res, req) => {
    const closed = admission.refuseRequest();
    if (closed !== undefined) return writeResponse(res, closed, true);
    const method = req.getMethod().toUpperCase();
    const headers = new Map<string, string>();
    req.forEach((name, value) => headers.set(name, value));
    const query = new URLSearchParams(req.getQuery() ?? '');
    const request: Omit<HttpRequest, 'body'> = {
      method,
      path: req.getUrl(),
      query,
      headers,
      remoteAddress: clientAddress(headers.get('x-forwarded-for'), options.trustProxy, () => peerAddress(res)),
    };
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    const chunks: Buffer[] = [];
    let size = 0;
    res.onData((chunk, isLast) => {
      if (aborted) return;
      size += chunk.byteLength;
      const tooLarge = admission.refuseBody(size, request.path);
      if (tooLarge !== undefined) {
        aborted = true;
        writeResponse(res, tooLarge);
        return;
      }
      // uWS reuses the chunk's memory after this callback returns, so copy it.
      chunks.push(Buffer.from(chunk.slice(0)));
      if (!isLast) return;
      void http({ ...request, body: Buffer.concat(chunks) }).then((response) => {
        if (!aborted) writeResponse(res, response, false, method === 'HEAD');
      });
    });
  });

  return listenWithRetries<Uws.us_listen_socket>((done) => app.listen(options.host, options.port, done), {
    host: options.host,
    port: options.port,
    onRetry: options.onListenRetry,
  }).then((listenSocket) => ({
    port: uws.us_socket_local_port(listenSocket),
    // The slow-consumer sweep goes on while open sockets are written to, and stops by itself after.
    stopListening: () => uws.us_listen_socket_close(listenSocket),
  }));
}
