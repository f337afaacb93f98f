// How the hub's frames reach sockets: in this process only (the default), or on every node through a broker.

import type { Connection } from '../transport/connection.js';
import type { ControlEvent } from './control-events.js';

/** `local`: no broker (one node). Otherwise the broker connection's state. */
export type FanoutState = 'local' | 'connected' | 'reconnecting' | 'closed';

/** Applies control events that other nodes sent about state held here (sessions, their rooms). */
export interface ControlHandler {
  applyControl(event: ControlEvent): void;
}

/**
 * Fan-out of serialised frames to topics (see topics.ts). Frames are encoded once by the caller; the in-process
 * implementation publishes them to uWS as they are, the cluster one also hands the same bytes to the broker.
 */
export interface Fanout {
  readonly state: FanoutState;
  /** This node's id in the cluster (random per start); empty on a single node. */
  readonly nodeId: string;
  /** Publishes a frame to a topic's sockets on every node. */
  publish(topic: string, frame: string): void;
  /** Publishes a stored message: with its seq, so every node delivers each seq once and in order. */
  publishMessage(roomId: number, seq: number, frame: string): void;
  /**
   * Publishes a stored message again (a duplicate resend, perhaps after a node crashed before publishing it): nodes
   * that missed it deliver it, the others drop it. In process it was delivered when stored, so nothing happens.
   */
  republishMessage(roomId: number, seq: number, frame: string): void;
  /**
   * A socket on this node subscribed to a topic. Resolves once frames published on it from now on will arrive
   * (undefined: at once); `auth` is answered only after that, else a message committed meanwhile could be missed.
   */
  want(topic: string): Promise<void> | undefined;
  /**
   * Subscribes a socket to a room its user just joined, so that it hears every message after `afterSeq` once and in
   * order, those published while the join travelled to this node included. `stillWanted` is asked before the socket
   * is subscribed (it may have left again meanwhile). Pair with {@link release} like {@link want}.
   */
  subscribeFrom(connection: Connection, roomId: number, afterSeq: number, stillWanted: () => boolean): Promise<void> | undefined;
  /** A socket on this node unsubscribed from a topic (or closed). */
  release(topic: string): void;
  /** Tells the other nodes of a change to node-local state; this node has applied it already. */
  control(event: ControlEvent): void;
  /** Installs who applies other nodes' control events (the hub, made after the fan-out). */
  attach(handler: ControlHandler): void;
  close(): Promise<void>;
}
