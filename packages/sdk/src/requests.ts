// Request/reply correlation for one socket: ids, timeouts, and results validated against the request type.

import { IChatError, encodeRequest, parseResult, type RequestType, type Requests } from '@ichat/protocol';

interface InFlight {
  settle(result: unknown, error: IChatError | undefined): void;
}

/** A request ready to go on the wire, and the promise of its validated result. */
export interface StartedRequest<K extends RequestType> {
  readonly frame: string;
  readonly id: string;
  readonly result: Promise<Requests[K]['result']>;
}

/**
 * Tracks requests in flight on one connection. Replies are matched by id and their `result` is checked with
 * {@link parseResult} for the type that was asked, so a malformed answer becomes an `invalid_frame` error, never a
 * wrongly typed value.
 */
export class PendingRequests {
  readonly #inFlight = new Map<string, InFlight>();
  #nextId = 1;

  /** How many requests await an answer. */
  get size(): number {
    return this.#inFlight.size;
  }

  /** Registers a request and serialises its frame. It fails with `timeout` if no answer comes in `timeoutMs`. */
  start<K extends RequestType>(type: K, params: Requests[K]['params'], timeoutMs: number): StartedRequest<K> {
    const id = String(this.#nextId++);
    const frame = encodeRequest(type, id, params);
    const result = new Promise<Requests[K]['result']>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#inFlight.delete(id);
        reject(new IChatError('timeout', `No answer to "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#inFlight.set(id, {
        settle: (value, error) => {
          clearTimeout(timer);
          this.#inFlight.delete(id);
          if (error !== undefined) {
            reject(error);
            return;
          }
          try {
            resolve(parseResult(type, value));
          } catch (invalid) {
            reject(invalid instanceof IChatError ? invalid : new IChatError('invalid_frame', 'Unreadable reply', { cause: invalid }));
          }
        },
      });
    });
    return { frame, id, result };
  }

  /** Settles the request a `reply` answers. Returns false when no request has that id (late or unknown). */
  resolve(id: string, result: unknown): boolean {
    const request = this.#inFlight.get(id);
    request?.settle(result, undefined);
    return request !== undefined;
  }

  /** Fails the request an `error` frame answers. Returns false when no request has that id. */
  reject(id: string, error: IChatError): boolean {
    const request = this.#inFlight.get(id);
    request?.settle(undefined, error);
    return request !== undefined;
  }

  /** Fails every request in flight, when the socket they went out on is gone. */
  rejectAll(error: IChatError): void {
    for (const request of [...this.#inFlight.values()]) request.settle(undefined, error);
  }
}
