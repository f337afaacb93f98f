// Picks the fan-out ICHAT_BROKER_URL asks for: in-process without one, else a cluster fan-out over Redis or NATS.

import { IChatError } from '@ichat/protocol';
import type { SharedLimits } from '../limits/shared-limits.js';
import type { Store } from '../store/contract/store.js';
import type { Broker } from '../transport/connection.js';
import type { BrokerClient } from './broker-client.js';
import { brokerKindOf } from './broker-url.js';
import { ClusterFanout, ListenerRelay, type ClusterObserver } from './cluster-fanout.js';
import type { Fanout } from './fanout.js';
import { LocalFanout } from './local-fanout.js';
import { connectNats } from './nats-broker.js';
import { connectRedis } from './redis-broker.js';

/** A broker connected at start, before the store: what the cluster fan-out is then built on. */
export interface BrokerConnection {
  readonly client: BrokerClient;
  readonly relay: ListenerRelay;
  readonly prefix: string;
}

/** Gaps are waited on briefly (two nodes committing to one room often publish out of order), then read. */
const HOLD_MS = 100;
const CHECK_INTERVAL_MS = 5000;
const SUBSCRIBE_TIMEOUT_MS = 3000;

/**
 * Connects to the broker ICHAT_BROKER_URL names; undefined when it names none (one node).
 *
 * @throws {IChatError} `unavailable` naming the option when the broker cannot be reached: a node that cannot reach the
 * others must not start serving as if it were alone.
 */
export async function connectBroker(url: string, prefix: string): Promise<BrokerConnection | undefined> {
  if (url === '') return undefined;
  const relay = new ListenerRelay();
  try {
    const client = brokerKindOf(url) === 'nats' ? await connectNats(url, relay) : await connectRedis(url, relay, `ichat-${prefix}`);
    return { client, relay, prefix };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IChatError('unavailable', `--broker-url / ICHAT_BROKER_URL: ${reason}`, { field: 'brokerUrl' });
  }
}

/**
 * The counts that keep limits exact across nodes, on the connected broker; undefined on one node.
 *
 * @throws {IChatError} `unavailable` naming the option when the broker cannot keep them.
 */
export async function openSharedLimits(broker: BrokerConnection | undefined): Promise<SharedLimits | undefined> {
  if (broker === undefined) return undefined;
  try {
    return await broker.client.openLimits(broker.prefix);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IChatError('unavailable', `--broker-url / ICHAT_BROKER_URL: ${reason}`, { field: 'brokerUrl' });
  }
}

/** The fan-out over a connected broker, or the in-process one without. */
export async function openFanout(
  broker: BrokerConnection | undefined,
  local: Broker,
  store: Store,
  observer: ClusterObserver,
): Promise<Fanout> {
  if (broker === undefined) return new LocalFanout(local);
  return ClusterFanout.start(
    broker.client,
    broker.relay,
    local,
    store,
    { prefix: broker.prefix, holdMs: HOLD_MS, checkIntervalMs: CHECK_INTERVAL_MS, subscribeTimeoutMs: SUBSCRIBE_TIMEOUT_MS },
    observer,
  );
}
