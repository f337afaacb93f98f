// What a cluster broker connection gives the fan-out: subjects to publish on and subscribe to, at most once; and the
// counts that keep limits exact across nodes.

import type { SharedLimits } from '../limits/shared-limits.js';

/** `connected` while frames flow; `reconnecting` while the client retries (subscriptions come back by themselves). */
export type BrokerState = 'connected' | 'reconnecting' | 'closed';

/** Told of each payload that arrives on a subscribed subject, and of a connection that came back. */
export interface BrokerListener {
  message(subject: string, payload: string): void;
  /** The connection is back after an outage: anything published meanwhile was lost, so gaps must be looked for. */
  reconnected(): void;
  state(state: BrokerState): void;
}

/**
 * One node's connection to Redis or NATS. Both deliver at most once: a payload published while a node is cut off is
 * lost for it, so correctness comes from the seqs the fan-out checks, never from the broker.
 */
export interface BrokerClient {
  readonly kind: 'redis' | 'nats';
  readonly state: BrokerState;
  /** Publishes one payload; never throws (a payload lost now is repaired from the store). */
  publish(subject: string, payload: string): void;
  /** Resolves once the broker has confirmed the subscription, so nothing published after that is missed. */
  subscribe(subject: string): Promise<void>;
  unsubscribe(subject: string): void;
  /**
   * Counters and socket counts on this broker, under `prefix`, for limits that hold across nodes.
   * @throws {IChatError} `unavailable` when the broker cannot keep them (NATS without JetStream).
   */
  openLimits(prefix: string): Promise<SharedLimits>;
  /** One round trip to the broker, in seconds. */
  roundTrip(): Promise<number>;
  close(): Promise<void>;
}
