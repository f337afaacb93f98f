// The Redis implementation of the broker client: pub/sub over two ioredis connections (a subscribed one cannot publish).

import { IChatError } from '@ichat/protocol';
import { Redis } from 'ioredis';
import { RedisLimits } from '../limits/redis-limits.js';
import type { SharedLimits } from '../limits/shared-limits.js';
import type { BrokerClient, BrokerListener, BrokerState } from './broker-client.js';

/** How long a start waits for Redis before it refuses to start. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Connects to Redis at `url` and resolves once both connections are ready. `name` labels them in `CLIENT LIST`, so an
 * operator (or a test) can tell one installation's connections from another's.
 *
 * @throws {IChatError} `unavailable` when Redis cannot be reached within a few seconds.
 */
export async function connectRedis(url: string, listener: BrokerListener, name: string): Promise<BrokerClient> {
  const options = {
    connectionName: name,
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // A payload published while Redis is away is lost anyway (pub/sub keeps nothing): fail fast rather than queue.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  };
  const publisher = new Redis(url, options);
  // Subscriptions asked for during an outage wait for the connection; ioredis restores the others after a reconnect.
  const subscriber = new Redis(url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null });
  // Errors surface as state changes and refused starts; without a listener ioredis would print each one.
  publisher.on('error', () => undefined);
  subscriber.on('error', () => undefined);
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    const reason = error instanceof Error ? error.message : String(error);
    throw new IChatError('unavailable', `cannot reach Redis at ${redactedUrl(url)}: ${reason}`);
  }
  return new RedisBroker(publisher, subscriber, listener);
}

/** The URL without its password, for messages and logs. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}

class RedisBroker implements BrokerClient {
  readonly kind = 'redis';
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #listener: BrokerListener;
  #state: BrokerState = 'connected';
  #wasDown = false;

  constructor(publisher: Redis, subscriber: Redis, listener: BrokerListener) {
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    this.#listener = listener;
    subscriber.on('message', (channel: string, payload: string) => listener.message(channel, payload));
    // The subscriber connection is the one whose loss loses payloads; its return is what calls for a gap check.
    subscriber.on('close', () => this.#setState('reconnecting'));
    subscriber.on('ready', () => {
      this.#setState('connected');
      if (this.#wasDown) {
        this.#wasDown = false;
        listener.reconnected();
      }
    });
  }

  get state(): BrokerState {
    return this.#state;
  }

  publish(subject: string, payload: string): void {
    this.#publisher.publish(subject, payload).catch(() => undefined);
  }

  async subscribe(subject: string): Promise<void> {
    await this.#subscriber.subscribe(subject);
  }

  unsubscribe(subject: string): void {
    this.#subscriber.unsubscribe(subject).catch(() => undefined);
  }

  openLimits(prefix: string): Promise<SharedLimits> {
    // On the publishing connection: it fails fast while Redis is away, so a limit check never waits on an outage.
    return Promise.resolve(new RedisLimits(this.#publisher, prefix));
  }

  async roundTrip(): Promise<number> {
    const started = performance.now();
    await this.#publisher.ping();
    return (performance.now() - started) / 1000;
  }

  async close(): Promise<void> {
    this.#state = 'closed';
    this.#listener.state('closed');
    await Promise.allSettled([this.#publisher.quit(), this.#subscriber.quit()]);
  }

  #setState(state: BrokerState): void {
    if (this.#state === 'closed' || this.#state === state) return;
    if (state === 'reconnecting') this.#wasDown = true;
    this.#state = state;
    this.#listener.state(state);
  }
}
