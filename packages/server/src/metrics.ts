// Prometheus metrics for the server, on a registry of its own (several servers may share a process in tests).

import { readdir } from 'node:fs/promises';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const PREFIX = 'ichat_';

export class Metrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({ name: 'ichat_connections', help: 'Open WebSocket connections', registers: [this.registry] });
  readonly messages = new Counter({ name: 'ichat_messages_total', help: 'Messages stored', registers: [this.registry] });
  readonly commitSeconds = new Histogram({
    name: 'ichat_commit_seconds',
    help: 'Time to commit one group of messages, the fsync of the log that holds them included',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly commitBatch = new Histogram({
    name: 'ichat_commit_batch_size',
    help: 'Messages per group commit',
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2000],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'ichat_errors_total',
    help: 'Errors answered to clients, by code',
    labelNames: ['code'],
    registers: [this.registry],
  });
  readonly httpRequests = new Counter({
    name: 'ichat_http_requests_total',
    help: 'HTTP requests answered, by status',
    labelNames: ['status'],
    registers: [this.registry],
  });

  readonly sharedLimitsUnavailable = new Counter({
    name: 'ichat_shared_limits_unavailable_total',
    help: 'Limit checks that could not reach the broker\'s shared counts, by limit: this node\'s own count decided alone',
    labelNames: ['limit'],
    registers: [this.registry],
  });

  readonly webhookDeliveries = new Counter({
    name: 'ichat_webhook_attempts_total',
    help: 'Webhook delivery attempts, by outcome: delivered, retry (failed, to be tried again), failed (given up)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  readonly emails = new Counter({
    name: 'ichat_email_attempts_total',
    help: 'Attempts to hand an e-mail to the SMTP server, by outcome: sent, retry (failed, to be tried again), failed (given up)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  readonly brokerLatency = new Histogram({
    name: 'ichat_broker_latency_seconds',
    help: 'Round trip to the cluster broker (Redis PING or NATS RTT), measured at each gap check',
    buckets: [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers: [this.registry],
  });

  readonly reorderHolds = new Counter({
    name: 'ichat_broker_reorder_holds_total',
    help: 'Messages from the broker that arrived ahead of a gap in their room and were held back',
    registers: [this.registry],
  });

  readonly gapRepairs = new Counter({
    name: 'ichat_broker_gap_repairs_total',
    help: 'Gaps in a room filled from the database rather than by the broker',
    registers: [this.registry],
  });

  readonly gapRepairedMessages = new Counter({
    name: 'ichat_broker_gap_repaired_messages_total',
    help: 'Messages delivered from the database to fill gaps the broker left',
    registers: [this.registry],
  });

  constructor() {
    // The event-loop delay histogram samples with a native timer at this precision. prom-client's 10 ms default woke an
    // idle server 100 times a second for it; ten samples a second still measure each delay to the nanosecond.
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX, eventLoopMonitoringPrecision: 100 });
    this.#countOpenFilesOffTheLoop();
  }

  /** The webhook queue depth, read from `pending` at each scrape (one count over a partial index). */
  watchEmailQueue(pending: () => Promise<number>): void {
    new Gauge({
      name: 'ichat_email_pending',
      help: 'E-mails waiting for their first or next attempt',
      registers: [this.registry],
      async collect() {
        this.set(await pending());
      },
    });
  }

  watchWebhookQueue(pending: () => Promise<number>): void {
    new Gauge({
      name: 'ichat_webhook_pending',
      help: 'Webhook deliveries waiting for their first or next attempt',
      registers: [this.registry],
      async collect() {
        this.set(await pending());
      },
    });
  }

  /**
   * The default open-files gauge lists /proc/self/fd synchronously on every scrape: with 10,000 sockets open that
   * stalls the event loop for over 10 ms, and every chat message in flight waits. The same gauge, listed on libuv's
   * thread pool instead.
   */
  #countOpenFilesOffTheLoop(): void {
    if (process.platform !== 'linux') return;
    const name = `${PREFIX}process_open_fds`;
    this.registry.removeSingleMetric(name);
    new Gauge({
      name,
      help: 'Number of open file descriptors.',
      registers: [this.registry],
      async collect() {
        // One of the listed descriptors is the listing's own.
        this.set((await readdir('/proc/self/fd')).length - 1);
      },
    });
  }
}
