// What a transport asks before it serves a request or opens a socket; the answers are the application's policy.

import type { HttpResponse } from './http-handler.js';

/** What admission needs to know of a socket upgrade. */
export interface UpgradeRequest {
  /** The client's address, as `client-address.ts` resolves it. */
  readonly address: string;
  /** The Origin header, if the request has one. */
  readonly origin: string | undefined;
  /** The Host header ('' if missing). */
  readonly host: string;
}

/**
 * The door. Each method returns the answer that refuses, or undefined to go on; the transport writes a refusal as
 * it is. Admission owns its counts: every admitted socket is reported back through `leave` once, when it closes.
 */
export interface Admission {
  /** An HTTP request arrived; a refusal is answered and its connection closed. */
  refuseRequest(): HttpResponse | undefined;
  /** `bytes` of the body of a request to `path` have arrived so far; a refusal is answered and the rest ignored. */
  refuseBody(bytes: number, path: string): HttpResponse | undefined;
  /**
   * A socket upgrade; undefined upgrades it, and the socket then holds a place for its address. A promise when the
   * answer needs a round trip (counts shared across nodes, whose only refusal is too many connections): the transport
   * upgrades at once and holds the socket's frames until it resolves, then admits the socket or closes it with 4029
   * `too_many_connections` (the response is not written: the socket is no longer HTTP). If the client goes away
   * meanwhile, the transport gives a place it was granted back through `leave`.
   */
  admitSocket(upgrade: UpgradeRequest): HttpResponse | undefined | Promise<HttpResponse | undefined>;
  /** A socket that `admitSocket` let in has closed. */
  leave(address: string): void;
}
