// Operations routes: /healthz for load balancers and /metrics for Prometheus.

import type { Store } from '../store/contract/store.js';
import type { Metrics } from '../metrics.js';
import type { Route } from './http-types.js';
import { json } from './responses.js';

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

export function healthRoutes(store: Store, metrics: Metrics, version: string): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      handler: async () => {
        const database = await databaseAnswers(store);
        return json(database ? 200 : 503, { status: database ? 'ok' : 'degraded', version, database: database ? 'ok' : 'down' });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: async () => ({
        status: 200,
        headers: { 'content-type': metrics.registry.contentType },
        body: await metrics.registry.metrics(),
      }),
    },
  ];
}
