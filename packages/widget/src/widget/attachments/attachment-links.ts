// Signed links for the attachments on screen: asked for in batches, kept until shortly before they expire, and asked
// for again when they have (or when an image would not load with its link).

import { ATTACHMENT_LIMITS, type AttachmentLink, type IChatClient } from '@ichat/sdk';

/** A link this close to its expiry is renewed before it is used: a slow image load must not outlive it. */
const RENEW_BEFORE_MS = 30_000;

export class AttachmentLinks {
  readonly #links = new Map<number, AttachmentLink>();
  readonly #asking = new Set<number>();
  /** Ids the server gave no link for (the reader left the room, say): not asked for again. */
  readonly #refused = new Set<number>();
  /** Ids whose image failed once and got a new link: a second failure is not an expiry, so it is not asked again. */
  readonly #retried = new Set<number>();
  readonly #changed: () => void;
  #renewal: ReturnType<typeof setTimeout> | undefined;

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

  /** Stops the renewal timer (the session ended). */
  stop(): void {
    clearTimeout(this.#renewal);
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
      this.#scheduleRenewal();
    } catch {
      // Offline or a slow reconnect: the next render asks again.
    } finally {
      for (const id of ids) this.#asking.delete(id);
      this.#changed();
    }
  }
}
