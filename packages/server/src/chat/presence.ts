// Who is online: a count of open, authenticated connections per user, with a grace period before "offline"; in a
// cluster, also the users whose sockets are on other nodes.
//
// In a cluster the node where a user's first socket opens (or last one closes) tells their contacts, unless, as far as
// it knows, another node holds the user. News between nodes takes a moment, so two nodes can each think the other
// holds the user (the last sockets on two nodes closing at once: nobody says "offline"), or one can say "offline" just
// as another stays quiet about a socket it opened. Every node therefore remembers what contacts were last told, from
// its own announcements and the others' (each presence event says whether its node announced), and one node, the
// lowest id heard from, corrects any difference that is still there after the news had time to settle.

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
/** How long the nodes' news may take to arrive before the leading node corrects what contacts were last told. */
export const SETTLE_MS = 1000;

export class Presence {
  readonly #connections = new Map<number, number>();
  readonly #offlineTimers = new Map<number, NodeJS.Timeout>();
  readonly #graceMs: number;
  readonly #listener: PresenceListener;
  readonly #link: PresenceLink | undefined;
  readonly #remote = new RemotePresence();
  readonly #heartbeat: NodeJS.Timeout | undefined;
  /** In a cluster: the users whose contacts were last told "online", as far as this node has heard. */
  readonly #shown = new Set<number>();
  /** Users whose presence differs from what their contacts were last told, with the check that corrects it. */
  readonly #settling = new Map<number, NodeJS.Timeout>();
  readonly #startedAt = monotonicNow();
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
      this.#changedHere(userId, true);
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
      this.#changedHere(userId, false);
      return;
    }
    const timer = setTimeout(() => {
      this.#offlineTimers.delete(userId);
      this.#changedHere(userId, false);
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
        if (event.announced) this.#noteShown(event.userId, event.online);
        this.#reconcile(event.userId);
        return;
      case 'alive': {
        // While this node is new, the nodes it hears from for the first time had their users announced before it
        // started. Later, a node first heard from is one that was taken for dead and came back (or one whose users
        // were announced by events heard already): its users are checked like any other change.
        const learning = !this.#remote.knows(event.node) && now - this.#startedAt < DEAD_AFTER_MS;
        const changed = this.#remote.replace(event.node, event.userIds, now);
        if (learning) for (const userId of event.userIds) this.#shown.add(userId);
        for (const userId of changed) this.#reconcile(userId);
        return;
      }
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
    for (const timer of this.#settling.values()) clearTimeout(timer);
    this.#settling.clear();
    if (this.#link !== undefined) this.#link.tell({ type: 'gone', node: this.#link.nodeId });
  }

  #isLocallyOnline(userId: number): boolean {
    return (this.#connections.get(userId) ?? 0) > 0 || this.#offlineTimers.has(userId);
  }

  /** This node's first socket of the user opened, or its last closed: announced unless another node holds the user. */
  #changedHere(userId: number, online: boolean): void {
    const announced = !this.#remote.has(userId);
    this.#link?.tell({ type: 'presence', node: this.#link.nodeId, userId, online, announced });
    if (announced) this.#announce(userId, online);
    this.#reconcile(userId);
  }

  #announce(userId: number, online: boolean): void {
    this.#noteShown(userId, online);
    this.#listener(userId, online);
  }

  #noteShown(userId: number, online: boolean): void {
    if (this.#link === undefined) return;
    if (online) this.#shown.add(userId);
    else this.#shown.delete(userId);
  }

  /** The node that announces for nodes that died and corrects what contacts were told: the lowest id heard from. */
  #leads(): boolean {
    const link = this.#link;
    if (link === undefined) return false;
    for (const node of this.#remote.nodeIds()) if (node < link.nodeId) return false;
    return true;
  }

  /**
   * On the leading node, when the user's presence differs from what their contacts were last told: checks again once
   * the news had time to settle, and tells the contacts if it still differs.
   */
  #reconcile(userId: number): void {
    if (this.#stopped || !this.#leads()) return;
    if (this.isOnline(userId) === this.#shown.has(userId)) {
      clearTimeout(this.#settling.get(userId));
      this.#settling.delete(userId);
      return;
    }
    if (this.#settling.has(userId)) return;
    const timer = setTimeout(() => {
      this.#settling.delete(userId);
      if (this.#stopped || !this.#leads()) return;
      const online = this.isOnline(userId);
      if (online !== this.#shown.has(userId)) this.#announce(userId, online);
    }, SETTLE_MS);
    timer.unref();
    this.#settling.set(userId, timer);
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
      const leads = this.#leads();
      for (const userId of userIds) {
        if (this.isOnline(userId)) continue;
        if (leads) this.#announce(userId, false);
        else this.#noteShown(userId, false);
      }
    };
    if (delayMs === 0) announce();
    else setTimeout(announce, delayMs).unref();
  }
}
