// Operations routes: /healthz for load balancers and /metrics for Prometheus.

import { type HealthResult, ROUTES } from '@ichat/protocol';
import type { FanoutState } from '../cluster/fanout.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/contract/store.js';
import type { RouteHandlers } from './http-types.js';
import { answer } from './responses.js';

/**
 * Whether the database answers. Awaited inside try, not chained with `.catch`: a store may throw before it returns a
 * promise (SQLite does, synchronously, once its handle is closed), and that must read as "down", not as a 500.
 */
async function databaseAnswers(store: Store): Promise<boolean> {
  try {
    return await store.ping();
  } catch {
    return false;
  }
}

/**
 * The database as /healthz reports it: `down` when it does not answer or can no longer make writes durable (a
 * restart is needed), `full` while its disk has no room (writes are refused; it recovers by itself), else `ok`.
 */
async function databaseState(store: Store): Promise<HealthResult['database']> {
  if (!(await databaseAnswers(store))) return 'down';
  const writes = await store.writes();
  return writes === 'ok' ? 'ok' : writes === 'full' ? 'full' : 'down';
}

/**
 * E-mail's state for /healthz. It never makes the server unhealthy: mail waits in the database while the SMTP server is
 * down, and taking the server out of a load balancer would not bring that server back.
 */
export type EmailHealth = () => NonNullable<HealthResult['email']>;

/**
 * The cluster broker's state for /healthz: `off` on one node. Like e-mail it never makes the server unhealthy: while
 * the broker is away every node still stores and serves, and fills its rooms' gaps from the database.
 */
export type BrokerHealth = () => FanoutState;

export function healthRoutes(
  store: Store,
  metrics: Metrics,
  version: string,
  email: EmailHealth,
  broker: BrokerHealth,
): Pick<RouteHandlers, 'health' | 'metrics'> {
  return {
    health: async () => {
      const database = await databaseState(store);
      const healthy = database === 'ok';
      const fanout = broker();
      const body = { status: healthy ? 'ok' : 'degraded', version, database, email: email(), broker: fanout === 'local' ? 'off' : fanout } as const;
      return answer(ROUTES.health, body, healthy ? 200 : 503);
    },
    metrics: async () => ({
      status: 200,
      headers: { 'content-type': metrics.registry.contentType },
      body: await metrics.registry.metrics(),
    }),
  };
}
