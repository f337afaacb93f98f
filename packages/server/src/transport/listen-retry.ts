// Binding the listening port, retried for a while when a fixed port is not free yet.

import { IChatError } from '@ichat/protocol';

/** How long a fixed port is retried when it cannot be bound at once, and how often. */
export const LISTEN_RETRY_MS = 90_000;
export const LISTEN_RETRY_INTERVAL_MS = 1000;

export interface ListenRetryOptions {
  host: string;
  port: number;
  /** Called each time the port could not be bound yet and another attempt is scheduled. */
  onRetry?: (() => void) | undefined;
  retryMs?: number;
  intervalMs?: number;
}

/**
 * Calls `attempt` until it reports a listening socket, and resolves with it. `attempt` reports through its callback,
 * `false` for a port it could not bind (uWS's `listen` has this shape). A fixed port can be briefly unavailable
 * right after a crashed server held connections on it (sockets left in TIME_WAIT): keep trying for a while rather
 * than fail a restart. Port 0 never needs it, so it is tried once.
 */
export function listenWithRetries<Socket>(
  attempt: (done: (socket: Socket | false) => void) => void,
  options: ListenRetryOptions,
): Promise<Socket> {
  const retryMs = options.retryMs ?? LISTEN_RETRY_MS;
  const intervalMs = options.intervalMs ?? LISTEN_RETRY_INTERVAL_MS;
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + (options.port === 0 ? 0 : retryMs);
    const tryOnce = (): void => {
      attempt((socket) => {
        if (socket !== false) {
          resolve(socket);
          return;
        }
        if (Date.now() < deadline) {
          options.onRetry?.();
          setTimeout(tryOnce, intervalMs);
          return;
        }
        reject(new IChatError('unavailable', `Cannot listen on ${options.host}:${options.port}`));
      });
    };
    tryOnce();
  });
}
