// What createClient and the client's methods accept: the options objects, and the default idempotency key.

import type { Attachment } from '@ichat/protocol';
import type { ConnectionTimings } from './reconnecting-socket.js';
import type { FetchFunction } from './http-api.js';
import type { OutboxStorage } from './outbox-storage.js';
import type { TokenProvider } from './session-refresher.js';
import type { WebSocketConstructor } from './websocket.js';

/** Options of {@link createClient}. */
export interface ClientOptions extends ConnectionTimings {
  /** The server's base URL, such as `https://chat.example.com`. */
  url: string;
  /** A bearer token from an earlier `login` or `register`. With one, the client connects at once. */
  token?: string;
  /**
   * Signs in with the host site's own accounts: returns a fresh JWT the host signed for its signed-in user. The client
   * trades it for an iChat session at once, again before each session expires and after the server refuses one,
   * keeping its outbox and resume position throughout. A rejection (nobody signed in at the host) or a refused token
   * ends in an `unauthorized` event.
   */
  tokenProvider?: TokenProvider;
  /**
   * The WebSocket constructor. Defaults to `globalThis.WebSocket` (browsers, Node 22+). Node 20 has none: pass
   * `WebSocket` from the `ws` package.
   */
  WebSocket?: WebSocketConstructor;
  /** The fetch used for the HTTP API. Defaults to `globalThis.fetch`. */
  fetch?: FetchFunction;
  /**
   * Where unacknowledged sends are kept. Defaults to localStorage in browsers (key `ichat.outbox:<url>`) and memory
   * elsewhere. See {@link memoryStorage}, {@link localStorageStorage}, {@link indexedDbStorage}.
   */
  storage?: OutboxStorage;
  /** Connect as soon as there is a token (from options or after login/register). Default true. */
  autoConnect?: boolean;
}

/** Options of {@link IChatClient.send}. */
export interface SendOptions {
  /** The idempotency key; a random one is made when absent. At most 64 characters, unique per sender. */
  clientMsgId?: string;
  /**
   * Files to send with the message: what {@link IChatClient.upload} resolved with (or their ids), at most 10. With
   * files the text may be empty.
   */
  attachments?: readonly (Attachment | number)[];
  /**
   * The seq of the message in the same room this one answers. The stored message carries `replyTo` with a quote of
   * it; the server refuses the send (`validation_failed`, field `replyTo`) when no such message is there or it was
   * deleted.
   */
  replyTo?: number;
}

/** Options of {@link IChatClient.history}: at most one of `before` and `after`. */
export interface HistoryOptions {
  /** The page of messages just before this seq (the newest when neither is given). */
  before?: number;
  /** The page of messages just after this seq. */
  after?: number;
  /** Page size, at most 100. The server's default is 50. */
  limit?: number;
}

/** Options of {@link IChatClient.search}. */
export interface SearchOptions {
  /** Search this room only (the caller must be a member); all the caller's rooms by default. */
  roomId?: number;
  /** Page size, at most 50. The server's default is 20. */
  limit?: number;
  /** How many results to skip: the next page starts at the number already shown (at most 450). */
  offset?: number;
}

/** A random idempotency key. `crypto.randomUUID` needs a secure context, so fall back to random bytes. */
export function newClientMsgId(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
