// The dashboard's live feed: an SDK client that only listens, turning sign-ups into (debounced) refreshes.

import { createClient, memoryStorage, type IChatClient } from '@ichat/sdk';

/** Several sign-ups at once become one refresh. */
const REFRESH_DELAY_MS = 300;

export interface LiveFeedHooks {
  /** The feed's socket opened or closed: the "live" badge. */
  live(isLive: boolean): void;
  /** Someone registered (after a short pause, so a burst is reported once). */
  registered(): void;
}

export class LiveFeed {
  #client: IChatClient | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  start(server: string, token: string, hooks: LiveFeedHooks): void {
    this.stop();
    // The dashboard only listens, so its (empty) outbox lives in memory rather than in the page's storage.
    const client = createClient({ url: server, token, storage: memoryStorage() });
    client.on('state', ({ state }) => hooks.live(state === 'open'));
    client.on('user.registered', () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => hooks.registered(), REFRESH_DELAY_MS);
    });
    this.#client = client;
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#client?.close();
    this.#client = undefined;
  }
}
