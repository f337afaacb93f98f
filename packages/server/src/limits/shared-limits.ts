// What a cluster shares so that limits hold across nodes: counters over fixed windows, and sockets per address.

/** A counter's value after a change, and how long its window still runs. */
export interface WindowCount {
  readonly count: number;
  /** Milliseconds until the window ends and the count starts again from nothing (0 when there is no window). */
  readonly resetInMs: number;
}

/**
 * Counters and socket counts kept on the broker, the same for every node. Each call is one awaited round trip and
 * rejects when the broker cannot be reached; callers decide whether that fails open or falls back to their own count.
 */
export interface SharedLimits {
  readonly kind: 'redis' | 'nats';
  /**
   * Adds `cost` (negative to give back) to `key`'s count in its current window, starting a window of `windowMs` when
   * there is none. A negative cost never starts a window.
   */
  hit(key: string, windowMs: number, cost: number): Promise<WindowCount>;
  /** Forgets `key`'s count in windows of `windowMs`. */
  clear(key: string, windowMs: number): Promise<void>;
  /**
   * Counts one more socket of this node for `address`, unless the sockets of every live node for it are `max` already.
   * @returns whether it was counted. When it rejects (broker unreachable), the socket is counted for this node all
   * the same and written to the broker once it is back: a caller that fails open keeps the counts right.
   */
  addConnection(address: string, max: number): Promise<boolean>;
  /** One socket of this node for `address` closed. Never rejects: a count it could not lower is repaired later. */
  removeConnection(address: string): void;
  /** Sockets open for `address` on every live node. */
  connections(address: string): Promise<number>;
  /** Stops refreshing this node's entry; `release` also removes this node's socket counts at once. */
  close(release: boolean): Promise<void>;
}

/** How long a node's socket counts outlive its last heartbeat: presence forgets a dead node after as long. */
export const NODE_TTL_MS = 15_000;

/** What a broker's shared limits take besides their connection. */
export interface SharedLimitsOptions {
  /** How long a node's socket counts outlive its last heartbeat ({@link NODE_TTL_MS}; shorter in tests). */
  readonly nodeTtlMs?: number;
}
