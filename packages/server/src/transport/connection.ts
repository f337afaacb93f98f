// What a transport gives the chat core: one client connection, and the topic broker.

/** One client's socket, as the chat core needs it. The uWS adapter implements it; so could any transport. */
export interface Connection {
  /** The client's address, for per-address limits and logs. */
  readonly remoteAddress: string;
  /** Sends one text frame to this client. */
  send(frame: string): void;
  /** Starts delivering frames published to `topic` to this client. */
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  /** Closes the socket with a close code and a short reason. */
  close(code: number, reason: string): void;
}

/**
 * Fans a frame out to every connection of this process subscribed to a topic. The frame is serialised once by the
 * caller and published as is. uWS's topics implement it; the cluster fan-out (cluster/) carries frames between nodes
 * and publishes them here on each.
 */
export interface Broker {
  publish(topic: string, frame: string): void;
}
