// The only file that touches uWebSockets.js: HTTP requests and WebSocket connections in, plain types out.

import { createRequire } from 'node:module';
import { CLOSE_CODES, IChatError, WS_PATH } from '@ichat/protocol';
import type * as Uws from 'uWebSockets.js';
import type { ChatService } from '../chat/chat-service.js';
import type { ClientSession } from '../chat/client-session.js';
import type { Broker, Connection } from '../transport/connection.js';
import type { OriginPolicy } from '../http/cors.js';
import type { HttpRequest, HttpResponse } from '../transport/http-handler.js';
import { errorResponse } from '../http/responses.js';
import type { Router } from '../http/router.js';

interface SocketData {
  address: string;
  session: ClientSession | undefined;
}

export interface UwsOptions {
  host: string;
  port: number;
  allowFallback: boolean;
  trustProxy: boolean;
  maxFrameBytes: number;
  maxBackpressureBytes: number;
  maxConnectionsPerIp: number;
  maxBodyBytes: number;
  /** Called each time the port could not be bound yet and another attempt is scheduled. */
  onListenRetry?: () => void;
}

/** A listening server. */
export interface UwsServer {
  readonly port: number;
  readonly broker: Broker;
  /** Starts delivering connections to the chat core (set once the core exists). */
  attach(chat: ChatService): void;
  /** Stops accepting connections and requests; open sockets stay until the chat core closes them. */
  stopListening(): void;
}

/** How long a fixed port is retried when it cannot be bound at once, and how often. */
const LISTEN_RETRY_MS = 90_000;
const LISTEN_RETRY_INTERVAL_MS = 1000;

/** How often socket send buffers are checked for slow consumers. */
const BACKPRESSURE_SWEEP_MS = 250;
const decoder = new TextDecoder();

/**
 * Loads uWebSockets.js and refuses its silent JavaScript fallback unless allowed: the fallback is many times slower,
 * and throughput is the reason iChat uses uWS.
 */
export function loadUws(allowFallback: boolean): typeof Uws {
  const require = createRequire(import.meta.url);
  // require() is typed `any`; the package's own declarations describe what it returns.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
  const uws: typeof Uws = require('uWebSockets.js');
  const native = typeof Reflect.get(uws, 'getParts') === 'function' && /\[native code\]/.test(String(uws.App));
  if (!native && !allowFallback) {
    throw new IChatError(
      'unavailable',
      "uWebSockets.js's native binary did not load for this platform and Node.js version; refusing to run on its slow " +
        'JavaScript fallback. Set ICHAT_ALLOW_UWS_FALLBACK=true (or --allow-uws-fallback) to run anyway.',
    );
  }
  return uws;
}

function clientAddress(res: Uws.HttpResponse, forwardedFor: string, trustProxy: boolean): string {
  if (trustProxy && forwardedFor !== '') {
    // The last hop is the one our own proxy added; earlier entries are whatever the client claimed.
    const hops = forwardedFor.split(',');
    const last = hops[hops.length - 1]?.trim();
    if (last !== undefined && last !== '') return last;
  }
  return decoder.decode(res.getRemoteAddressAsText());
}

function writeResponse(res: Uws.HttpResponse, response: HttpResponse, closeConnection = false): void {
  res.cork(() => {
    res.writeStatus(String(response.status));
    for (const [name, value] of Object.entries(response.headers)) res.writeHeader(name, value);
    res.end(response.body, closeConnection);
  });
}

/** Starts uWS on host:port, routing HTTP to `router` and `/ws` to the chat core once attached. */
export function listenUws(router: Router, origins: OriginPolicy, options: UwsOptions): Promise<UwsServer> {
  const uws = loadUws(options.allowFallback);
  const app = uws.App();
  const sockets = new Set<Uws.WebSocket<SocketData>>();
  const perAddress = new Map<string, number>();
  let chat: ChatService | undefined;
  // Closing the listen socket leaves keep-alive connections open; requests on them must not reach a closed store.
  let stopped = false;
  const shuttingDown = new IChatError('unavailable', 'Server is shutting down');

  let socketCount = 0;
  const connectionOf = (ws: Uws.WebSocket<SocketData>, address: string): Connection => {
    // Frames for this socket alone go through a topic of its own rather than ws.send. A send made outside a uWS
    // callback (every reply that waited for a commit) is written at once, one syscall each; published frames wait in
    // uWS's topic tree until the end of the loop iteration, and everything pending for one socket (its replies and
    // its rooms' messages alike) leaves in one write. uWS keeps their order, and a close drains them first.
    const inbox = `socket:${++socketCount}`;
    ws.subscribe(inbox);
    return {
      remoteAddress: address,
      send: (frame) => {
        // Checked before sending, not after: uWS drops any frame, the close frame included, once a socket is over its
        // hard limit, so a reply that pushed it there would leave the client with a silent 1006 instead of 4008. A
        // frame on an empty buffer always goes, however large, so a healthy client can receive any single reply.
        const buffered = ws.getBufferedAmount();
        if (buffered > 0 && buffered + Buffer.byteLength(frame) > options.maxBackpressureBytes) {
          ws.end(CLOSE_CODES.slow_consumer, 'slow_consumer');
          return;
        }
        app.publish(inbox, frame, false);
      },
      subscribe: (topic) => {
        ws.subscribe(topic);
      },
      unsubscribe: (topic) => {
        ws.unsubscribe(topic);
      },
      close: (code, reason) => {
        ws.end(code, reason);
      },
    };
  };

  app.ws<SocketData>(WS_PATH, {
    // Frames over the configured limit get a typed error; only frames far beyond it are cut by uWS itself, which
    // drops the TCP connection without a close frame (clients see 1006), so the typed error is the one to rely on.
    maxPayloadLength: Math.max(options.maxFrameBytes * 4, 256 * 1024),
    idleTimeout: 60,
    sendPingsAutomatically: true,
    // The sweep below closes slow consumers with 4008 at maxBackpressureBytes; this hard stop only catches a
    // burst that outruns the sweep, so memory stays bounded either way.
    maxBackpressure: options.maxBackpressureBytes * 4,
    closeOnBackpressureLimit: 1,
    upgrade: (res, req, context) => {
      const origin = req.getHeader('origin');
      const key = req.getHeader('sec-websocket-key');
      const protocol = req.getHeader('sec-websocket-protocol');
      const extensions = req.getHeader('sec-websocket-extensions');
      const address = clientAddress(res, req.getHeader('x-forwarded-for'), options.trustProxy);
      const refuse = (error: IChatError): void => writeResponse(res, errorResponse(error));
      if (chat === undefined) return refuse(new IChatError('unavailable', 'Server is starting'));
      if (stopped) return refuse(shuttingDown);
      if (!origins.allows(origin === '' ? undefined : origin, req.getHeader('host'))) {
        return refuse(new IChatError('origin_not_allowed', 'This origin may not open sockets here'));
      }
      if ((perAddress.get(address) ?? 0) >= options.maxConnectionsPerIp) {
        return refuse(new IChatError('too_many_connections', 'Too many connections from this address', { retryAfterMs: 5000 }));
      }
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      res.upgrade<SocketData>({ address, session: undefined }, key, protocol, extensions, context);
    },
    open: (ws) => {
      const data = ws.getUserData();
      sockets.add(ws);
      if (chat === undefined) return ws.end(CLOSE_CODES.going_away, 'server_shutdown');
      data.session = chat.connect(connectionOf(ws, data.address));
    },
    message: (ws, message, isBinary) => {
      // A text frame arrives here only as valid UTF-8: uWS drops the connection for any other (the client sees 1006,
      // with no close frame; uWS has no way to send 1007 first), so decoding cannot lose bytes.
      const session = ws.getUserData().session;
      if (session === undefined || chat === undefined) return;
      if (isBinary) {
        chat.receiveBinary(session);
        return;
      }
      chat.receive(session, decoder.decode(message), message.byteLength);
    },
    close: (ws) => {
      const data = ws.getUserData();
      sockets.delete(ws);
      const count = (perAddress.get(data.address) ?? 1) - 1;
      if (count > 0) perAddress.set(data.address, count);
      else perAddress.delete(data.address);
      if (data.session !== undefined) chat?.disconnect(data.session);
    },
  });

  app.any('/*', (res, req) => {
    if (stopped) return writeResponse(res, errorResponse(shuttingDown), true);
    const method = req.getMethod().toUpperCase();
    const headers = new Map<string, string>();
    req.forEach((name, value) => headers.set(name, value));
    const query = new URLSearchParams(req.getQuery() ?? '');
    const request: Omit<HttpRequest, 'body'> = {
      method,
      path: req.getUrl(),
      query,
      headers,
      remoteAddress: clientAddress(res, headers.get('x-forwarded-for') ?? '', options.trustProxy),
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
      if (size > options.maxBodyBytes) {
        aborted = true;
        writeResponse(res, errorResponse(new IChatError('frame_too_large', 'Request body is too large')));
        return;
      }
      // uWS reuses the chunk's memory after this callback returns, so copy it.
      chunks.push(Buffer.from(chunk.slice(0)));
      if (!isLast) return;
      void router.handle({ ...request, body: Buffer.concat(chunks) }).then((response) => {
        if (!aborted) writeResponse(res, response);
      });
    });
  });

  const sweep = setInterval(() => {
    for (const ws of sockets) {
      if (ws.getBufferedAmount() > options.maxBackpressureBytes) ws.end(CLOSE_CODES.slow_consumer, 'slow_consumer');
    }
  }, BACKPRESSURE_SWEEP_MS);
  sweep.unref();

  const broker: Broker = {
    publish: (topic, frame) => {
      app.publish(topic, frame, false);
    },
  };

  return new Promise((resolve, reject) => {
    // A fixed port can be briefly unavailable right after a crashed server held connections on it (sockets left in
    // TIME_WAIT); keep trying for a while rather than fail a restart. Port 0 never needs it.
    const deadline = Date.now() + (options.port === 0 ? 0 : LISTEN_RETRY_MS);
    const attempt = (): void => {
      app.listen(options.host, options.port, (listenSocket) => {
        if (listenSocket === false) {
          if (Date.now() < deadline) {
            options.onListenRetry?.();
            setTimeout(attempt, LISTEN_RETRY_INTERVAL_MS);
            return;
          }
          clearInterval(sweep);
          reject(new IChatError('unavailable', `Cannot listen on ${options.host}:${options.port}`));
          return;
        }
        resolve({
          port: uws.us_socket_local_port(listenSocket),
          broker,
          attach: (core) => {
            chat = core;
          },
          stopListening: () => {
            stopped = true;
            clearInterval(sweep);
            uws.us_listen_socket_close(listenSocket);
          },
        });
      });
    };
    attempt();
  });
}
