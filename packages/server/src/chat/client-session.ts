// The chat core's state for one connection, with its lifecycle as a string-literal union.

import type { UserRecord } from '../store/contract/store.js';
import type { Connection } from '../transport/connection.js';
import { TokenBucket } from './token-bucket.js';

/** `open` → `authenticating` → `ready`, or back to `open` on a refused token; `closed` is final. */
export type SessionState = 'open' | 'authenticating' | 'ready' | 'closed';

/**
 * Refused frames a connection may send in a burst, and per second after it, before it is closed with 1008. Generous
 * enough that a client with a bug in one request type keeps its socket, small enough that a flood of garbage costs the
 * server a few dozen answers rather than one per frame.
 */
const REFUSAL_BURST = 50;
const REFUSALS_PER_SECOND = 5;

export interface SessionLimits {
  framesPerSecond: number;
  messagesPerSecond: number;
  messageBurst: number;
}

export class ClientSession {
  readonly connection: Connection;
  state: SessionState = 'open';
  user: UserRecord | undefined;
  tokenHash = '';
  /**
   * When the token this socket signed in with expires, on the monotonic clock: set at sign-in from the stored
   * wall-clock expiry, so a wall-clock jump neither closes the socket early nor keeps it open longer.
   */
  expiresAtMonotonic = 0;
  /** Rooms this connection is subscribed to: the rooms its user belongs to. */
  readonly rooms = new Set<number>();
  readonly frames: TokenBucket;
  readonly messages: TokenBucket;
  /** Frames refused before handling (malformed, too large, binary, over the rate): too many and the socket closes. */
  readonly refusals: TokenBucket;
  /**
   * When this connection last announced typing (monotonic clock), per room, to throttle the broadcast. Made on the
   * first notice: most connections never send one, and an empty map per idle socket adds up over thousands.
   */
  typingAt: Map<number, number> | undefined;
  authTimer: NodeJS.Timeout | undefined;

  constructor(connection: Connection, limits: SessionLimits, now: number) {
    this.connection = connection;
    this.frames = new TokenBucket(limits.framesPerSecond, limits.framesPerSecond * 2, now);
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now);
    this.refusals = new TokenBucket(REFUSALS_PER_SECOND, REFUSAL_BURST, now);
  }
}
