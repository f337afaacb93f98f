// The few parts of a WebSocket the SDK uses, so the browser's WebSocket and Node's `ws` both fit.

/** The events the SDK listens for, with only the fields it reads. */
export interface WebSocketEventMap {
  open: unknown;
  message: { readonly data: unknown };
  close: { readonly code: number; readonly reason: string };
  error: unknown;
}

/**
 * A WebSocket as the SDK needs it. The browser's `WebSocket` and the `ws` package's `WebSocket` both satisfy it.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener<K extends keyof WebSocketEventMap>(type: K, listener: (event: WebSocketEventMap[K]) => void): void;
}

/**
 * A WebSocket constructor: `globalThis.WebSocket` in browsers (and Node 22+), or `WebSocket` from the `ws` package in
 * Node 20, which has no global one.
 */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** The global WebSocket, when the runtime has one. */
export function globalWebSocket(): WebSocketConstructor | undefined {
  return typeof globalThis.WebSocket === 'function' ? globalThis.WebSocket : undefined;
}
