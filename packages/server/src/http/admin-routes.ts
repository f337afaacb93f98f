// Administrator routes: registration, message and activity statistics. The router has checked the caller is an admin.

import { IChatError, ROUTES, STATS_SERIES, type StatsSeries } from '@ichat/protocol';
import { computeStats } from '../stats/stats-service.js';
import type { StatsStore } from '../store/contract/stats-store.js';
import type { RouteHandlers } from './http-types.js';
import { answer } from './responses.js';

function seriesOf(value: string | undefined): StatsSeries {
  const series = STATS_SERIES.find((item) => item === value);
  if (series === undefined) throw new IChatError('not_found', 'Not found');
  return series;
}

export function adminRoutes(stats: StatsStore): Pick<RouteHandlers, 'stats'> {
  return {
    stats: async ({ request, params }) =>
      answer(ROUTES.stats, await computeStats(stats, seriesOf(params['series']), request.query, Date.now())),
  };
}
