// The administrators' webhook view: endpoints with their counts, and the latest deliveries. The router has checked
// the caller is an admin.

import { ROUTES } from '@ichat/protocol';
import type { WebhookStore } from '../store/contract/webhook-store.js';
import type { RouteHandlers } from './http-types.js';
import { answer } from './responses.js';

/** How many recent deliveries the admin page lists. */
const RECENT_DELIVERIES = 50;

/** The `adminWebhooks` route over the webhook store. */
export function webhookRoutes(webhooks: WebhookStore): Pick<RouteHandlers, 'adminWebhooks'> {
  return {
    adminWebhooks: async () => answer(ROUTES.adminWebhooks, await webhooks.overview(RECENT_DELIVERIES)),
  };
}
