// Administrator routes: registration, message and activity statistics.

import { API_PREFIX, IChatError, STATS_SERIES } from '@ichat/sdk/protocol';
import type { Accounts } from '../auth/accounts.js';
import { computeStats } from '../stats/stats-service.js';
import type { StatsStore } from '../store/contract/stats-store.js';
import type { HttpRequest, Route } from './http-types.js';
import { bearerToken, json } from './responses.js';

async function requireAdmin(accounts: Accounts, request: HttpRequest): Promise<void> {
  const token = bearerToken(request.headers.get('authorization'));
  const session = token === undefined ? undefined : await accounts.resolve(token, Date.now());
  if (session === undefined) throw new IChatError('unauthorized', 'A valid bearer token is required');
  if (!session.user.isAdmin) throw new IChatError('forbidden', 'Administrators only');
}

export function adminRoutes(accounts: Accounts, stats: StatsStore): Route[] {
  return STATS_SERIES.map(
    (series): Route => ({
      method: 'GET',
      path: `${API_PREFIX}/admin/stats/${series}`,
      handler: async (request) => {
        await requireAdmin(accounts, request);
        return json(200, await computeStats(stats, series, request.query, Date.now()));
      },
    }),
  );
}
