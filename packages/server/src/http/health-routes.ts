// Operations routes: /healthz for load balancers and /metrics for Prometheus.

import { ROUTES } from '@ichat/protocol';
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

export function healthRoutes(store: Store, metrics: Metrics, version: string): Pick<RouteHandlers, 'health' | 'metrics'> {
  return {
    health: async () => {
      const database = await databaseAnswers(store);
      const status = database ? 'ok' : 'degraded';
      return answer(ROUTES.health, { status, version, database: database ? 'ok' : 'down' }, database ? 200 : 503);
    },
    metrics: async () => ({
      status: 200,
      headers: { 'content-type': metrics.registry.contentType },
      body: await metrics.registry.metrics(),
    }),
  };
}
