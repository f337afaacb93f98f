// Which webhook endpoints listen to which event types, held in memory by both stores' outbox writers.

import type { WebhookEventType } from '@ichat/protocol';
import type { WebhookTarget } from './contract/webhook-store.js';

/**
 * The in-memory view the outbox writers consult on every change: a change nobody listens for costs a map lookup and
 * no statement, so the message path pays nothing while no endpoint is configured.
 */
export class WebhookListeners {
  #listeners = new Map<WebhookEventType, number[]>();

  /** Replaces the view of which endpoints listen to which event types. */
  listen(endpoints: readonly WebhookTarget[]): void {
    const listeners = new Map<WebhookEventType, number[]>();
    for (const endpoint of endpoints) {
      for (const type of endpoint.events) listeners.set(type, [...(listeners.get(type) ?? []), endpoint.id]);
    }
    this.#listeners = listeners;
  }

  /** Whether any endpoint listens to `type`: callers skip building an event's data when none does. */
  wants(type: WebhookEventType): boolean {
    return this.#listeners.has(type);
  }

  /** The ids of the endpoints that listen to `type`, or undefined when none does. */
  protected endpointsFor(type: WebhookEventType): readonly number[] | undefined {
    return this.#listeners.get(type);
  }
}
