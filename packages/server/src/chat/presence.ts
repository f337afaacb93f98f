// Who is online: a count of open, authenticated connections per user, with a grace period before "offline".

/** Called when a user comes online or (after the grace period) goes offline. */
export type PresenceListener = (userId: number, online: boolean) => void;

export class Presence {
  readonly #connections = new Map<number, number>();
  readonly #offlineTimers = new Map<number, NodeJS.Timeout>();
  readonly #graceMs: number;
  readonly #listener: PresenceListener;
  #stopped = false;

  constructor(graceMs: number, listener: PresenceListener) {
    this.#graceMs = graceMs;
    this.#listener = listener;
  }

  isOnline(userId: number): boolean {
    return (this.#connections.get(userId) ?? 0) > 0 || this.#offlineTimers.has(userId);
  }

  connected(userId: number): void {
    const count = this.#connections.get(userId) ?? 0;
    this.#connections.set(userId, count + 1);
    const pending = this.#offlineTimers.get(userId);
    if (pending !== undefined) {
      // A reconnect within the grace period: the user never looked offline, so announce nothing.
      clearTimeout(pending);
      this.#offlineTimers.delete(userId);
    } else if (count === 0) {
      this.#listener(userId, true);
    }
  }

  disconnected(userId: number): void {
    // Sockets closing because the server stops must not start offline timers that would fire after the store closed.
    if (this.#stopped) return;
    const count = (this.#connections.get(userId) ?? 1) - 1;
    if (count > 0) {
      this.#connections.set(userId, count);
      return;
    }
    this.#connections.delete(userId);
    if (this.#graceMs === 0) {
      this.#listener(userId, false);
      return;
    }
    const timer = setTimeout(() => {
      this.#offlineTimers.delete(userId);
      this.#listener(userId, false);
    }, this.#graceMs);
    timer.unref();
    this.#offlineTimers.set(userId, timer);
  }

  /** Cancels pending offline announcements and ignores later disconnections (at shutdown). */
  stop(): void {
    this.#stopped = true;
    for (const timer of this.#offlineTimers.values()) clearTimeout(timer);
    this.#offlineTimers.clear();
  }
}
