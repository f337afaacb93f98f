// Who is online: a count of open, authenticated connections per user, with a grace period before "offline"; in a
// cluster, also the users whose sockets are on other nodes.

import type { ControlEvent } from '../cluster/control-events.js';
import { monotonicNow } from '../clock.js';
import { RemotePresence } from './remote-presence.js';

/** Called when a user comes online or (after the grace period) goes offline. */
export type PresenceListener = (userId: number, online: boolean) => void;

/** How this node talks to the others about presence; absent on a single node. */
export interface PresenceLink {
  readonly nodeId: string;
  tell(event: ControlEvent): void;
}

/** How often a node tells the others whose sockets it holds; three missed beats and it counts as dead. */
export const HEARTBEAT_MS = 5000;
const DEAD_AFTER_MS = 3 * HEARTBEAT_MS;

export class Presence {
  readonly #connections = new Map<number, number>();
  readonly #offlineTimers = new Map<number, NodeJS.Timeout>();
  readonly #graceMs: number;
  readonly #listener: PresenceListener;
  readonly #link: PresenceLink | undefined;
  readonly #remote = new RemotePresence();
  readonly #heartbeat: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(graceMs: number, listener: PresenceListener, link?: PresenceLink) {
    this.#graceMs = graceMs;
    this.#listener = listener;
    this.#link = link;
    if (link !== undefined) {
      link.tell({ type: 'hello', node: link.nodeId });
      this.#heartbeat = setInterval(() => this.#beat(), HEARTBEAT_MS);
      this.#heartbeat.unref();
    }
  }

  isOnline(userId: number): boolean {
    return this.#isLocallyOnline(userId) || this.#remote.has(userId);
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
      this.#wentOnline(userId);
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
      this.#wentOffline(userId);
      return;
    }
    const timer = setTimeout(() => {
      this.#offlineTimers.delete(userId);
      this.#wentOffline(userId);
    }, this.#graceMs);
    timer.unref();
    this.#offlineTimers.set(userId, timer);
  }

  /** Another node's presence news. */
  applyControl(event: ControlEvent): void {
    const now = monotonicNow();
    switch (event.type) {
      case 'presence':
        this.#remote.set(event.node, event.userId, event.online, now);
        return;
      case 'alive':
        this.#remote.replace(event.node, event.userIds, now);
        return;
      case 'hello':
        // A new node knows nobody's presence: tell it at once rather than at the next beat.
        this.#remote.replace(event.node, [], now);
        this.#beat();
        return;
      case 'gone':
        this.#orphaned(this.#remote.drop(event.node), this.#graceMs);
        return;
      case 'join':
      case 'leave':
      case 'close_user':
      case 'close_token':
      case 'refresh_user':
        // About sessions, not presence: the hub's.
        return;
    }
  }

  /** Cancels pending offline announcements and ignores later disconnections (at shutdown); tells the other nodes. */
  stop(): void {
    this.#stopped = true;
    clearInterval(this.#heartbeat);
    for (const timer of this.#offlineTimers.values()) clearTimeout(timer);
    this.#offlineTimers.clear();
    if (this.#link !== undefined) this.#link.tell({ type: 'gone', node: this.#link.nodeId });
  }

  #isLocallyOnline(userId: number): boolean {
    return (this.#connections.get(userId) ?? 0) > 0 || this.#offlineTimers.has(userId);
  }

  #wentOnline(userId: number): void {
    const elsewhere = this.#remote.has(userId);
    this.#link?.tell({ type: 'presence', node: this.#link.nodeId, userId, online: true });
    if (!elsewhere) this.#listener(userId, true);
  }

  #wentOffline(userId: number): void {
    this.#link?.tell({ type: 'presence', node: this.#link.nodeId, userId, online: false });
    if (!this.#remote.has(userId)) this.#listener(userId, false);
  }

  #beat(): void {
    const link = this.#link;
    if (link === undefined || this.#stopped) return;
    const userIds = [...this.#connections.keys(), ...this.#offlineTimers.keys()];
    link.tell({ type: 'alive', node: link.nodeId, userIds });
    this.#orphaned(this.#remote.expire(monotonicNow() - DEAD_AFTER_MS), 0);
  }

  /**
   * Users of a node that stopped or died: after `delayMs` (time for their clients to reconnect elsewhere), those
   * online nowhere are announced offline, by one node only: the one with the lowest id among those alive.
   */
  #orphaned(userIds: readonly number[], delayMs: number): void {
    const link = this.#link;
    if (link === undefined || userIds.length === 0) return;
    const announce = (): void => {
      if (this.#stopped) return;
      for (const node of this.#remote.nodeIds()) if (node < link.nodeId) return;
      for (const userId of userIds) if (!this.isOnline(userId)) this.#listener(userId, false);
    };
    if (delayMs === 0) announce();
    else setTimeout(announce, delayMs).unref();
  }
}
