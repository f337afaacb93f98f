// The webhook delivery worker: reads due deliveries from the outbox, POSTs them signed, and records each outcome.
// It only does async I/O and small indexed reads and writes; nothing in the chat path waits on it.

import { WEBHOOK_HEADERS } from '@ichat/protocol';
import { monotonicNow } from '../clock.js';
import type { DueDelivery, WebhookStore, WebhookTarget } from '../store/contract/webhook-store.js';
import { nextAttemptAt, type RetryPolicy } from '../backoff.js';
import { signWebhook } from './signature.js';

/** How one attempt ended, for the metrics: accepted, to be tried again, or given up on. */
export type DeliveryOutcome = 'delivered' | 'retry' | 'failed';

export interface WebhookWorkerOptions extends RetryPolicy {
  /** An attempt that has no answer after this long is a failure. */
  timeoutMs: number;
  /** Attempts in flight at once, over all endpoints. */
  concurrency: number;
  /** Attempts in flight at once to one endpoint. */
  endpointConcurrency: number;
  /** Delivered and failed deliveries are deleted this long after they finished. */
  retentionMs: number;
}

/** What the worker tells its owner. */
export interface WebhookWorkerEvents {
  outcome(outcome: DeliveryOutcome): void;
  /** The worker could not read or write the outbox; it tries again at its next poll. */
  error(cause: unknown): void;
}

/** How often due deliveries are looked for while some endpoint is configured. */
const POLL_MS = 200;
/**
 * How often the endpoints are read again: the `webhook` command changes them from another process. A table of a few
 * rows, read every few seconds, costs nothing, and keeps the message path free of any check.
 */
const REFRESH_MS = 2000;
/** How often finished deliveries past their retention are deleted. */
const PRUNE_MS = 60_000;

export class WebhookWorker {
  readonly #store: WebhookStore;
  readonly #options: WebhookWorkerOptions;
  readonly #events: WebhookWorkerEvents;
  #endpoints = new Map<number, WebhookTarget>();
  /** Deliveries being attempted, by id; they stay pending in the outbox until their outcome is written. */
  readonly #inFlight = new Map<number, Promise<void>>();
  readonly #perEndpoint = new Map<number, number>();
  /** Cancels every attempt in flight when the server stops (the deliveries stay pending for the next start). */
  readonly #stopping = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #polling = false;
  /** Whether an attempt finished during the current poll, so the next one should not wait. */
  #again = false;
  #refreshedAt = Number.NEGATIVE_INFINITY;
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(store: WebhookStore, options: WebhookWorkerOptions, events: WebhookWorkerEvents) {
    this.#store = store;
    this.#options = options;
    this.#events = events;
  }

  /** Starts polling. */
  start(): void {
    this.#timer = setTimeout(() => this.#run(), POLL_MS);
  }

  /** Stops polling and cancels the attempts in flight; resolves once none is left. Their deliveries stay pending. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    clearTimeout(this.#timer);
    await Promise.allSettled([...this.#inFlight.values()]);
  }

  /** One poll, then the next after {@link POLL_MS}, or at once when an attempt finished meanwhile. */
  #run(): void {
    this.#polling = true;
    this.#poll()
      .catch((error: unknown) => this.#events.error(error))
      .finally(() => {
        this.#polling = false;
        if (this.#stopping.signal.aborted) return;
        const soon = this.#again;
        this.#again = false;
        this.#timer = setTimeout(() => this.#run(), soon ? 0 : POLL_MS);
      });
  }

  /**
   * Polls again at once: a finished attempt may have freed a slot or unblocked the next event of its room, and a
   * busy room would otherwise get one delivery per poll interval.
   */
  #wake(): void {
    if (this.#stopping.signal.aborted) return;
    if (this.#polling) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#run(), 0);
  }

  async #poll(): Promise<void> {
    const clock = monotonicNow();
    if (clock - this.#refreshedAt >= REFRESH_MS) {
      this.#endpoints = new Map((await this.#store.refresh()).map((endpoint) => [endpoint.id, endpoint]));
      this.#refreshedAt = clock;
    }
    // Without endpoints there are no deliveries (removing an endpoint removes its own): nothing to read.
    if (this.#endpoints.size === 0) return;
    const now = Date.now();
    if (clock - this.#prunedAt >= PRUNE_MS) {
      await this.#store.prune(now - this.#options.retentionMs);
      this.#prunedAt = clock;
    }
    const free = this.#options.concurrency - this.#inFlight.size;
    if (free <= 0) return;
    // Read past the free slots: some of what is due may be for an endpoint that is at its own limit.
    const due = await this.#store.due(now, free * 4, new Set(this.#inFlight.keys()));
    for (const delivery of due) {
      if (this.#inFlight.size >= this.#options.concurrency) break;
      const endpoint = this.#endpoints.get(delivery.endpointId);
      if (endpoint === undefined) {
        // Added since the last read (by this process or the `webhook` command): read the endpoints at the next poll.
        this.#refreshedAt = Number.NEGATIVE_INFINITY;
        continue;
      }
      const busy = this.#perEndpoint.get(delivery.endpointId) ?? 0;
      if (busy >= this.#options.endpointConcurrency) continue;
      this.#perEndpoint.set(endpoint.id, busy + 1);
      const attempt = this.#attempt(delivery, endpoint)
        .catch((error: unknown) => this.#events.error(error))
        .finally(() => {
          this.#inFlight.delete(delivery.id);
          this.#perEndpoint.set(endpoint.id, (this.#perEndpoint.get(endpoint.id) ?? 1) - 1);
          this.#wake();
        });
      this.#inFlight.set(delivery.id, attempt);
    }
  }

  async #attempt(delivery: DueDelivery, endpoint: WebhookTarget): Promise<void> {
    const started = monotonicNow();
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'iChat-Webhooks/1',
          [WEBHOOK_HEADERS.id]: delivery.webhookId,
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signWebhook(endpoint.secret, timestamp, delivery.body),
        },
        body: delivery.body,
        // A redirect is not followed: the endpoint is the URL the operator configured, and a 3xx counts as a failure.
        redirect: 'manual',
        signal: AbortSignal.any([this.#stopping.signal, AbortSignal.timeout(this.#options.timeoutMs)]),
      });
      httpStatus = response.status;
      // The answer's body means nothing to us; dropping it frees the connection.
      await response.body?.cancel();
      if (response.status < 200 || response.status > 299) error = `The endpoint answered HTTP ${response.status}`;
    } catch (cause) {
      // Stopping: the delivery stays pending, and the next start sends it again (at least once).
      if (this.#stopping.signal.aborted) return;
      error = describeFailure(cause, this.#options.timeoutMs);
    }
    const result = { httpStatus, latencyMs: monotonicNow() - started, error };
    const now = Date.now();
    if (error === null) {
      await this.#store.delivered(delivery.id, result, now);
      this.#events.outcome('delivered');
      return;
    }
    const next = nextAttemptAt(this.#options, delivery.attempts + 1, delivery.createdAt, now);
    await this.#store.attemptFailed(delivery.id, result, now, next);
    this.#events.outcome(next === undefined ? 'failed' : 'retry');
  }
}

/** A failed request in one line: a timeout, or what the network said (refused, reset, unknown host). */
function describeFailure(cause: unknown, timeoutMs: number): string {
  if (cause instanceof DOMException && cause.name === 'TimeoutError') return `No answer within ${timeoutMs} ms`;
  if (cause instanceof Error) {
    const inner: unknown = cause.cause;
    const detail = inner instanceof Error ? `: ${inner.message}` : '';
    return `${cause.message}${detail}`;
  }
  return String(cause);
}
