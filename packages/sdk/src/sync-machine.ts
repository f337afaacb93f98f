// The client's sync state: which phase it is in, every transition between phases, and the sync run on each socket.

import type { ChangeFeed } from './change-feed.js';
import type { ChatList } from './chat-list.js';
import type { ClientEvents } from './events.js';
import type { MessageFeed } from './message-feed.js';
import { IChatError, type ReadyResult, type Requests } from '@ichat/protocol';

/**
 * `unsynced`: nothing loaded for this user yet. `first-sync`: the first chat list is loading (again, if the socket was
 * lost meanwhile). `live`: caught up, messages flow. `resuming`: back after an outage, every followed room catching
 * up. A sync that fails stays in its phase until the next socket starts another one.
 */
export type SyncPhase = 'unsynced' | 'first-sync' | 'live' | 'resuming';

/** What a sync needs from the client. Functions, not values: the feed and the chat list are replaced per user. */
export interface SyncHost {
  feed(): MessageFeed;
  changes(): ChangeFeed;
  chats(): ChatList;
  /** Settles once the outbox restored what storage held: a sync waits for it so those sends go out in order. */
  restored(): Promise<void>;
  listChats(): Promise<Requests['chats.list']['result']>;
  /** The user authenticated on this socket; the client forgets the previous one's state if it changed. */
  adoptUser(ready: ReadyResult): void;
  flushOutbox(): void;
  emitChats(): void;
  emit<K extends keyof ClientEvents>(type: K, payload: ClientEvents[K]): void;
  /** Drops the socket so the next one syncs again. */
  dropSocket(): void;
}

export class SyncMachine {
  readonly #host: SyncHost;
  #phase: SyncPhase = 'unsynced';
  /** When the last open socket was lost, for the `resumed` report. */
  #lostAt: number | undefined;
  /** Bumped on every new sync and every lost socket, so a sync that outlives its socket does nothing. */
  #generation = 0;

  constructor(host: SyncHost) {
    this.#host = host;
  }

  get phase(): SyncPhase {
    return this.#phase;
  }

  /** The socket changed state: leaving `open` starts an outage, and anything but `open` voids a running sync. */
  socketChanged(previous: string, next: string): void {
    if (previous === 'open') this.#lostAt = Date.now();
    if (next !== 'open') this.#generation += 1;
  }

  /** The user changed or logged out: the next sync is a first one again. */
  forget(): void {
    this.#phase = 'unsynced';
    this.#lostAt = undefined;
  }

  /** After each authentication: reload the chat list, then either go live (first time) or resume every room. */
  async run(ready: ReadyResult): Promise<void> {
    const generation = ++this.#generation;
    const host = this.#host;
    host.adoptUser(ready);
    const first = this.#phase === 'unsynced' || this.#phase === 'first-sync';
    this.#phase = first ? 'first-sync' : 'resuming';
    try {
      await host.restored();
      const snapshot = await host.listChats();
      if (generation !== this.#generation) return;
      const before = host.chats().list.map((chat) => chat.roomId);
      host.chats().replace(snapshot.chats, snapshot.online);
      host.emitChats();
      // Rooms the user left or lost while away get the same event as if it had happened live.
      for (const roomId of before) {
        if (host.chats().get(roomId) === undefined) host.emit('chat.removed', { roomId });
      }
      host.flushOutbox();
      host.feed().reconcile(snapshot.chats);
      host.changes().reconcile(snapshot.chats);
      if (first) {
        host.feed().goLive();
        host.changes().goLive();
        this.#phase = 'live';
        host.emit('ready', { user: ready.user, chats: host.chats().list, limits: ready.limits });
        return;
      }
      const report = await host.feed().resume(this.#lostAt === undefined ? 0 : Date.now() - this.#lostAt);
      if (generation !== this.#generation) return;
      // After the messages, so every change the app hears of is to a message it already has.
      const updates = await host.changes().resume();
      if (generation !== this.#generation) return;
      this.#phase = 'live';
      host.emit('resumed', { ...report, updates });
    } catch (error) {
      if (generation !== this.#generation) return;
      const typed = error instanceof IChatError ? error : new IChatError('internal', 'Sync failed', { cause: error });
      // A lost socket retries the whole sync on the next connection; anything else is worth a report and a redial.
      if (typed.code !== 'disconnected') {
        host.emit('error', typed);
        host.dropSocket();
      }
    }
  }
}
