// The NATS implementation of the broker client: core pub/sub (at most once) over one connection.

import { IChatError } from '@ichat/protocol';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { NatsLimits } from '../limits/nats-limits.js';
import type { SharedLimits } from '../limits/shared-limits.js';
import type { BrokerClient, BrokerListener, BrokerState } from './broker-client.js';

const CONNECT_TIMEOUT_MS = 5000;

/**
 * Connects to NATS at `url` (nats://host:port, credentials in the URL's user part if any).
 *
 * @throws {IChatError} `unavailable` when NATS cannot be reached within a few seconds.
 */
export async function connectNats(url: string, listener: BrokerListener): Promise<BrokerClient> {
  const parsed = new URL(url);
  const server = `${parsed.hostname}:${parsed.port === '' ? '4222' : parsed.port}`;
  try {
    const connection = await connect({
      servers: server,
      timeout: CONNECT_TIMEOUT_MS,
      // A node hears its own payloads through its own delivery path already.
      noEcho: true,
      // Never give up: while NATS is away, nodes keep serving and fill gaps from the store.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      ...(parsed.username === '' ? {} : { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) }),
    });
    return new NatsBroker(connection, listener);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IChatError('unavailable', `cannot reach NATS at ${server}: ${reason}`);
  }
}

class NatsBroker implements BrokerClient {
  readonly kind = 'nats';
  readonly #connection: NatsConnection;
  readonly #listener: BrokerListener;
  readonly #subscriptions = new Map<string, Subscription>();
  #state: BrokerState = 'connected';

  constructor(connection: NatsConnection, listener: BrokerListener) {
    this.#connection = connection;
    this.#listener = listener;
    void this.#watch();
  }

  get state(): BrokerState {
    return this.#state;
  }

  publish(subject: string, payload: string): void {
    try {
      this.#connection.publish(subject, payload);
    } catch {
      // Closed or draining: the payload is lost for the others, who repair from the store.
    }
  }

  async subscribe(subject: string): Promise<void> {
    if (this.#subscriptions.has(subject)) return;
    const subscription = this.#connection.subscribe(subject, {
      callback: (error, message) => {
        if (error === null) this.#listener.message(message.subject, message.string());
      },
    });
    this.#subscriptions.set(subject, subscription);
    // A flush is a PING answered after the server has processed everything sent before it, the SUB included.
    await this.#connection.flush();
  }

  unsubscribe(subject: string): void {
    this.#subscriptions.get(subject)?.unsubscribe();
    this.#subscriptions.delete(subject);
  }

  async openLimits(prefix: string): Promise<SharedLimits> {
    const limits = new NatsLimits(this.#connection, prefix);
    try {
      await limits.start();
    } catch (error) {
      await limits.close(false);
      const reason = error instanceof Error ? error.message : String(error);
      throw new IChatError('unavailable', `NATS keeps no shared limits (is JetStream on? nats-server -js): ${reason}`);
    }
    return limits;
  }

  async roundTrip(): Promise<number> {
    return (await this.#connection.rtt()) / 1000;
  }

  async close(): Promise<void> {
    this.#setState('closed');
    await this.#connection.close();
  }

  async #watch(): Promise<void> {
    for await (const status of this.#connection.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnecting') this.#setState('reconnecting');
      else if (status.type === 'reconnect') {
        this.#setState('connected');
        this.#listener.reconnected();
      }
    }
  }

  #setState(state: BrokerState): void {
    if (this.#state === 'closed' || this.#state === state) return;
    this.#state = state;
    this.#listener.state(state);
  }
}
