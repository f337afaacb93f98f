// The dashboard's live feed: an SDK client that only listens, turning sign-ups, reports and moderation actions into
// (debounced) refreshes.

import { createClient, memoryStorage, type IChatClient } from '@ichat/sdk';

/** Several sign-ups at once become one refresh. */
const REFRESH_DELAY_MS = 300;

export interface LiveFeedHooks {
  /** The feed's socket opened or closed: the "live" badge. */
  live(isLive: boolean): void;
  /** Someone registered (after a short pause, so a burst is reported once). */
  registered(): void;
  /** A report came in or an administrator acted (after the same pause). */
  moderation(): void;
}

export class LiveFeed {
  #client: IChatClient | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #moderationTimer: ReturnType<typeof setTimeout> | undefined;

  start(server: string, token: string, hooks: LiveFeedHooks): void {
    this.stop();
    // The dashboard only listens, so its (empty) outbox lives in memory rather than in the page's storage.
    const client = createClient({ url: server, token, storage: memoryStorage() });
    client.on('state', ({ state }) => hooks.live(state === 'open'));
    client.on('user.registered', () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => hooks.registered(), REFRESH_DELAY_MS);
    });
    const moderation = (): void => {
      clearTimeout(this.#moderationTimer);
      this.#moderationTimer = setTimeout(() => hooks.moderation(), REFRESH_DELAY_MS);
    };
    client.on('report.created', moderation);
    client.on('moderation.action', moderation);
    this.#client = client;
  }

  stop(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#moderationTimer);
    this.#client?.close();
    this.#client = undefined;
  }
}
