// The e-mail sender: takes due e-mails from the outbox, hands them to the SMTP server, and records each outcome with
// the same backoff as webhooks. Chat never waits on it: the outbox is written in the chat's transactions, and a slow or
// down SMTP server only holds up this worker.

import { nextAttemptAt, type RetryPolicy } from '../backoff.js';
import type { DueMail, EmailStore } from '../store/contract/store.js';
import type { Mailer } from './mailer.js';

/** How one attempt ended, for the metrics. */
export type MailOutcome = 'sent' | 'retry' | 'failed';

/** Whether the SMTP server took the last e-mail tried (`ok`) or not (`failing`), for /healthz. */
export type MailerState = 'ok' | 'failing';

export interface EmailWorkerOptions extends RetryPolicy {
  /** Sent and failed e-mails are deleted this long after they finished. */
  retentionMs: number;
  /** The domain of Message-IDs (the From address's). */
  messageIdDomain: string;
}

export interface EmailWorkerEvents {
  outcome(outcome: MailOutcome): void;
  /** The outbox could not be read or written; the worker tries again at its next poll. */
  error(cause: unknown): void;
  /** The SMTP server started or stopped refusing e-mail. */
  state(state: MailerState, reason: string): void;
}

/** How often due e-mails are looked for. */
const POLL_MS = 250;
/** E-mails in flight at once: mail is rare, and a few connections keep a burst of reset requests moving. */
const CONCURRENCY = 4;
/** How often finished e-mails past their retention are deleted. */
const PRUNE_MS = 60_000;

export class EmailWorker {
  readonly #store: EmailStore;
  readonly #mailer: Mailer;
  readonly #options: EmailWorkerOptions;
  readonly #events: EmailWorkerEvents;
  readonly #inFlight = new Map<number, Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #state: MailerState = 'ok';
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(store: EmailStore, mailer: Mailer, options: EmailWorkerOptions, events: EmailWorkerEvents) {
    this.#store = store;
    this.#mailer = mailer;
    this.#options = options;
    this.#events = events;
  }

  /** Whether the last e-mail tried was accepted. */
  get state(): MailerState {
    return this.#state;
  }

  start(): void {
    this.#schedule(0);
  }

  /** Stops polling and waits for the e-mails in flight; what is not sent stays queued for the next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await Promise.allSettled([...this.#inFlight.values()]);
    this.#mailer.close();
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#poll()
        .catch((error: unknown) => this.#events.error(error))
        .finally(() => this.#schedule(POLL_MS));
    }, delayMs);
  }

  async #poll(): Promise<void> {
    const now = Date.now();
    if (now - this.#prunedAt >= PRUNE_MS) {
      await this.#store.prune(now - this.#options.retentionMs);
      this.#prunedAt = now;
    }
    const free = CONCURRENCY - this.#inFlight.size;
    if (free <= 0) return;
    for (const mail of await this.#store.due(now, free, new Set(this.#inFlight.keys()))) {
      const attempt = this.#attempt(mail)
        .catch((error: unknown) => this.#events.error(error))
        .finally(() => this.#inFlight.delete(mail.id));
      this.#inFlight.set(mail.id, attempt);
    }
  }

  async #attempt(mail: DueMail): Promise<void> {
    let failure: string | undefined;
    try {
      await this.#mailer.send({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        messageId: `<ichat-${mail.kind}-${mail.id}-${mail.createdAt}@${this.#options.messageIdDomain}>`,
      });
    } catch (cause) {
      failure = cause instanceof Error ? cause.message : String(cause);
    }
    const now = Date.now();
    if (failure === undefined) {
      await this.#store.sent(mail.id, now);
      this.#setState('ok', 'the SMTP server took an e-mail');
      this.#events.outcome('sent');
      return;
    }
    this.#setState('failing', failure);
    const next = nextAttemptAt(this.#options, mail.attempts + 1, mail.createdAt, now);
    await this.#store.attemptFailed(mail.id, failure, now, next);
    this.#events.outcome(next === undefined ? 'failed' : 'retry');
  }

  #setState(state: MailerState, reason: string): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#events.state(state, reason);
  }
}
