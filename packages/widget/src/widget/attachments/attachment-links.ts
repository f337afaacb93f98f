// Signed links for the attachments on screen: asked for in batches, kept until shortly before they expire, and asked
// for again when they have (or when an image would not load with its link).

import { ATTACHMENT_LIMITS, type AttachmentLink, type IChatClient } from '@ichat/sdk';

/** A link this close to its expiry is renewed before it is used: a slow image load must not outlive it. */
const RENEW_BEFORE_MS = 30_000;
/** After a failed request, the next waits this long, doubling with each failure in a row up to `RETRY_MAX_MS`. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 60_000;

export class AttachmentLinks {
  readonly #links = new Map<number, AttachmentLink>();
  readonly #asking = new Set<number>();
  /** Ids the server gave no link for (the reader left the room, say): not asked for again. */
  readonly #refused = new Set<number>();
  /** Ids whose image failed once and got a new link: a second failure is not an expiry, so it is not asked again. */
  readonly #retried = new Set<number>();
  readonly #changed: () => void;
  #renewal: ReturnType<typeof setTimeout> | undefined;
  /** Requests failed in a row, and until when none is sent: a failure re-renders, which must not ask again at once. */
  #failures = 0;
  #pausedUntil = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /** The link of an attachment, until it expires. */
  get(id: number): AttachmentLink | undefined {
    const link = this.#links.get(id);
    return link !== undefined && link.expiresAt > Date.now() ? link : undefined;
  }

  #fresh(id: number): boolean {
    const link = this.#links.get(id);
    return link !== undefined && link.expiresAt - RENEW_BEFORE_MS > Date.now();
  }

  /** Whether the server will not link this attachment for this reader. */
  refused(id: number): boolean {
    return this.#refused.has(id);
  }

  /** Asks for the links of these attachments that have none or an expiring one. */
  want(client: IChatClient, ids: Iterable<number>): void {
    if (Date.now() < this.#pausedUntil) return;
    const missing = [...new Set(ids)].filter((id) => !this.#fresh(id) && !this.#asking.has(id) && !this.#refused.has(id));
    for (let start = 0; start < missing.length; start += ATTACHMENT_LIMITS.linksPerRequest) {
      void this.#ask(client, missing.slice(start, start + ATTACHMENT_LIMITS.linksPerRequest));
    }
  }

  /**
   * An image would not load with its link (expired by the server's clock while the page slept, say): the next `want`
   * asks anew, once, so a file that fails with any link is not asked for in a loop.
   */
  expire(id: number): void {
    this.#links.delete(id);
    if (this.#retried.has(id)) this.#refused.add(id);
    this.#retried.add(id);
  }

  /** The client is connected again (ready or resumed): a request that failed meanwhile is worth sending now. */
  resume(): void {
    if (this.#pausedUntil === 0) return;
    clearTimeout(this.#retry);
    this.#failures = 0;
    this.#pausedUntil = 0;
    this.#changed();
  }

  /** Stops the renewal and retry timers (the session ended). */
  stop(): void {
    clearTimeout(this.#renewal);
    clearTimeout(this.#retry);
    this.#failures = 0;
    this.#pausedUntil = 0;
  }

  /** Holds every request back for a while growing with each failure in a row, then re-renders to ask again. */
  #backOff(): void {
    const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.min(this.#failures, 16));
    this.#failures += 1;
    this.#pausedUntil = Date.now() + delay;
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => {
      this.#pausedUntil = 0;
      this.#changed();
    }, delay);
  }

  /** Re-renders when the soonest link needs renewing, so the visible attachments ask for fresh ones in time. */
  #scheduleRenewal(): void {
    clearTimeout(this.#renewal);
    const now = Date.now();
    let soonest = Infinity;
    for (const link of this.#links.values()) {
      const renewAt = link.expiresAt - RENEW_BEFORE_MS;
      if (renewAt > now) soonest = Math.min(soonest, renewAt);
    }
    if (soonest !== Infinity) this.#renewal = setTimeout(() => this.#changed(), soonest - now);
  }

  async #ask(client: IChatClient, ids: number[]): Promise<void> {
    for (const id of ids) this.#asking.add(id);
    try {
      const links = await client.attachmentLinks(ids);
      for (const link of links) this.#links.set(link.id, link);
      for (const id of ids) if (!this.#links.has(id)) this.#refused.add(id);
      this.#failures = 0;
      this.#scheduleRenewal();
    } catch {
      // Offline, a slow reconnect or a refusing server: asked again after a pause, or as soon as the client is back.
      this.#backOff();
    } finally {
      for (const id of ids) this.#asking.delete(id);
    }
    this.#changed();
  }
}
