// A live feed of new registrations for the admin dashboard: one authenticated socket that only listens.

import { CLOSE_CODES, WS_PATH, parseServerFrame } from '@ichat/sdk/protocol';

const MAX_RETRY_MS = 30_000;

/** The WebSocket URL of an http(s) server origin. */
export function socketUrlOf(server: string): string {
  const url = new URL(WS_PATH, server);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export interface FeedHandlers {
  registered(user: { id: number; username: string; createdAt: number }): void;
  /** Whether the feed is connected, for the "Live" badge. */
  live(connected: boolean): void;
}

/**
 * Keeps a socket open with the admin's token and reports `user.registered` events; reconnects with capped
 * exponential backoff, and stops for good when the server says the token is no good (4001).
 */
export class RegistrationFeed {
  readonly #url: string;
  readonly #token: string;
  readonly #handlers: FeedHandlers;
  #socket: WebSocket | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #stopped = false;

  constructor(server: string, token: string, handlers: FeedHandlers) {
    this.#url = socketUrlOf(server);
    this.#token = token;
    this.#handlers = handlers;
    this.#open();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#socket?.close(CLOSE_CODES.normal, 'client');
    this.#socket = undefined;
  }

  #open(): void {
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({ type: 'auth', id: 'auth', token: this.#token }));
    });
    socket.addEventListener('message', (event) => {
      let frame;
      try {
        frame = parseServerFrame(typeof event.data === 'string' ? event.data : '');
      } catch {
        return;
      }
      if (frame.type === 'reply' && frame.id === 'auth') {
        this.#attempt = 0;
        this.#handlers.live(true);
      } else if (frame.type === 'user.registered') {
        this.#handlers.registered(frame.user);
      }
    });
    socket.addEventListener('close', (event) => {
      this.#handlers.live(false);
      if (this.#stopped || event.code === CLOSE_CODES.unauthorized) return;
      const delay = Math.min(MAX_RETRY_MS, 500 * 2 ** this.#attempt) * (0.5 + Math.random() / 2);
      this.#attempt += 1;
      this.#retryTimer = setTimeout(() => this.#open(), delay);
    });
  }
}
