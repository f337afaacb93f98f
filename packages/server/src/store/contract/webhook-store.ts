// The webhooks part of the store contract: endpoints, and the outbox of deliveries the other entities fill.

import type { WebhookDelivery, WebhookEndpoint, WebhookEventType } from '@ichat/protocol';

/** An endpoint as the delivery worker needs it: where, with which key, for which events. */
export interface WebhookTarget {
  id: number;
  url: string;
  secret: string;
  events: WebhookEventType[];
  createdAt: number;
}

/** A new endpoint. */
export interface NewWebhookEndpoint {
  url: string;
  secret: string;
  events: WebhookEventType[];
  createdAt: number;
}

/** A delivery that is due: what to POST where, and how many attempts it has had. */
export interface DueDelivery {
  id: number;
  endpointId: number;
  webhookId: string;
  body: string;
  roomId: number | null;
  createdAt: number;
  attempts: number;
}

/** How one attempt went. */
export interface AttemptResult {
  /** The HTTP status, or null when no answer came. */
  httpStatus: number | null;
  latencyMs: number;
  /** Why it failed; null for a success. */
  error: string | null;
}

/**
 * Webhook endpoints and their deliveries. Every change an endpoint listens for (a message stored, edited or deleted, a
 * room created, a member added or removed, a user created) writes one pending delivery per such endpoint in the same
 * transaction as the change, so a change is never stored without its deliveries nor the other way round.
 *
 * Which endpoints listen to what is held in memory, so a change no endpoint listens for costs no statement. Endpoints
 * added or removed through this store are seen at once; those changed by another process (the `webhook` command)
 * once {@link WebhookStore.refresh} has run.
 */
export interface WebhookStore {
  /**
   * Adds an endpoint.
   *
   * @throws {IChatError} `validation_failed` (field `url`) when an endpoint with this URL exists.
   */
  addEndpoint(endpoint: NewWebhookEndpoint): Promise<WebhookTarget>;
  /** Removes the endpoint with this id or URL, and its deliveries; false when there is none. */
  removeEndpoint(idOrUrl: number | string): Promise<boolean>;
  /** Every endpoint, oldest first. */
  endpoints(): Promise<WebhookTarget[]>;
  /** Reads the endpoints again into the in-memory view that decides which changes write deliveries. */
  refresh(): Promise<WebhookTarget[]>;
  /**
   * Up to `limit` pending deliveries due at `now`, longest due first, never one whose endpoint has an earlier pending
   * delivery of the same room (so each endpoint sees a room's events in the order they happened), nor one listed in
   * `skip` (those in flight).
   */
  due(now: number, limit: number, skip: ReadonlySet<number>): Promise<DueDelivery[]>;
  /** Records a successful attempt: the delivery is done. */
  delivered(id: number, result: AttemptResult, now: number): Promise<void>;
  /**
   * Records a failed attempt. With `nextAttemptAt` the delivery stays pending until then, and so do the later
   * deliveries of its room to the same endpoint; without, it is marked failed for good.
   */
  attemptFailed(id: number, result: AttemptResult, now: number, nextAttemptAt: number | undefined): Promise<void>;
  /** Deletes delivered and failed deliveries finished before `before`; returns how many. */
  prune(before: number): Promise<number>;
  /** How many deliveries are pending, over all endpoints. */
  pendingCount(): Promise<number>;
  /** Every endpoint with its counts, and the `limit` most recent deliveries, newest first. */
  overview(limit: number): Promise<{ endpoints: WebhookEndpoint[]; deliveries: WebhookDelivery[] }>;
}
