// The in-process fan-out: today's one-node behaviour, uWS topics and nothing else on the hot path.

import { roomTopic } from '../chat/topics.js';
import type { Broker, Connection } from '../transport/connection.js';
import type { Fanout, FanoutState } from './fanout.js';

export class LocalFanout implements Fanout {
  readonly state: FanoutState = 'local';
  readonly nodeId = '';
  readonly #broker: Broker;

  constructor(broker: Broker) {
    this.#broker = broker;
  }

  publish(topic: string, frame: string): void {
    this.#broker.publish(topic, frame);
  }

  publishMessage(roomId: number, _seq: number, frame: string): void {
    this.#broker.publish(roomTopic(roomId), frame);
  }

  republishMessage(): void {
    // One node delivered it when it was stored.
  }

  want(): undefined {
    return undefined;
  }

  subscribeFrom(connection: Connection, roomId: number): undefined {
    // In one process the join and every later publish happen in order: a plain subscription misses nothing.
    connection.subscribe(roomTopic(roomId));
    return undefined;
  }

  release(): void {
    // uWS drops a socket's topics itself.
  }

  control(): void {
    // No other node to tell.
  }

  attach(): void {
    // No other node sends control events.
  }

  async close(): Promise<void> {
    // Nothing to close.
  }
}
