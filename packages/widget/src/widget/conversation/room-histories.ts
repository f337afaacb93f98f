// The loaded part of each room's history: the newest page on first view (or the messages around one found by search),
// older and newer pages on demand, live messages merged once the newest is loaded.

import type { ReactiveControllerHost } from 'lit';
import type { IChatClient, Message, Unsubscribe } from '@ichat/sdk';
import type { SessionController, SessionPart } from '../session/session-controller.js';

/** The loaded part of a room's history: a contiguous run of messages, ending at the newest unless `hasNewer`. */
export interface RoomHistory {
  messages: Message[];
  hasOlder: boolean;
  /** Opened around an older message: newer pages are still to load, and live messages wait for them. */
  hasNewer: boolean;
  loadingOlder: boolean;
  loadingNewer: boolean;
  loaded: boolean;
}

/** How many messages to load on each side of one found by search. */
const AROUND = 25;

export class RoomHistories implements SessionPart {
  readonly #host: ReactiveControllerHost;
  readonly #session: SessionController;
  readonly #rooms = new Map<number, RoomHistory>();
  /** Rooms whose first page failed to load (offline too long): loaded again on the next sync. */
  readonly #reopen = new Set<number>();

  constructor(host: ReactiveControllerHost, session: SessionController) {
    this.#host = host;
    this.#session = session;
    session.add(this);
  }

  get(roomId: number): RoomHistory | undefined {
    return this.#rooms.get(roomId);
  }

  /**
   * Loads the newest page of a room the first time it is shown (or when it was opened around an older message), or
   * with `seq` the messages around that one, unless it is loaded already.
   */
  async open(roomId: number, seq?: number): Promise<void> {
    const known = this.#rooms.get(roomId);
    if (known?.loaded === true && (seq === undefined ? !known.hasNewer : known.messages.some((m) => m.seq === seq))) return;
    const room: RoomHistory = { messages: [], hasOlder: false, hasNewer: false, loadingOlder: true, loadingNewer: false, loaded: false };
    this.#rooms.set(roomId, room);
    this.#host.requestUpdate();
    try {
      const client = this.#session.require();
      const [page, after] = await Promise.all([
        client.history(roomId, seq === undefined ? {} : { before: seq + 1, limit: AROUND }),
        seq === undefined ? undefined : client.history(roomId, { after: seq, limit: AROUND }),
      ]);
      room.messages = merge(merge(page.messages, after?.messages ?? []), after?.hasMore === true ? [] : room.messages);
      room.hasOlder = page.hasMore;
      room.hasNewer = after?.hasMore === true;
      room.loaded = true;
    } catch {
      this.#rooms.delete(roomId);
      this.#reopen.add(roomId);
    } finally {
      room.loadingOlder = false;
      this.#host.requestUpdate();
    }
  }

  /** Loads the page before the oldest loaded message. */
  async loadOlder(roomId: number): Promise<void> {
    const room = this.#rooms.get(roomId);
    const oldest = room?.messages[0]?.seq;
    if (room === undefined || !room.loaded || !room.hasOlder || room.loadingOlder || oldest === undefined) return;
    room.loadingOlder = true;
    this.#host.requestUpdate();
    try {
      const page = await this.#session.require().history(roomId, { before: oldest });
      room.messages = merge(page.messages, room.messages);
      room.hasOlder = page.hasMore;
    } catch {
      // The button stays, to try again.
    } finally {
      room.loadingOlder = false;
      this.#host.requestUpdate();
    }
  }

  /** Loads the page after the newest loaded message, when the history does not reach the newest yet. */
  async loadNewer(roomId: number): Promise<void> {
    const room = this.#rooms.get(roomId);
    const newest = room?.messages.at(-1)?.seq;
    if (room === undefined || !room.hasNewer || room.loadingNewer || newest === undefined) return;
    room.loadingNewer = true;
    try {
      const page = await this.#session.require().history(roomId, { after: newest });
      room.messages = merge(room.messages, page.messages);
      room.hasNewer = page.hasMore;
    } catch {
      // The button stays, to try again.
    } finally {
      room.loadingNewer = false;
      this.#host.requestUpdate();
    }
  }

  /** Shows an edited or deleted message in place. */
  replace(message: Message): void {
    const room = this.#rooms.get(message.roomId);
    if (room !== undefined) room.messages = room.messages.map((m) => (m.seq === message.seq ? message : m));
    this.#host.requestUpdate();
  }

  attach(client: IChatClient): Unsubscribe[] {
    return [
      client.on('resumed', () => {
        const rooms = [...this.#reopen];
        this.#reopen.clear();
        for (const roomId of rooms) void this.open(roomId);
      }),
      client.on('message', (message) => {
        const room = this.#rooms.get(message.roomId);
        // Short of the newest, a live message would sit after a gap: the pages loaded later bring it in its place (the
        // socket keeps order, so a page answered before the message was sent is followed by its event).
        if (room !== undefined && !room.hasNewer) room.messages = merge(room.messages, [message]);
        this.#host.requestUpdate();
      }),
      client.on('message.updated', (message) => this.replace(message)),
    ];
  }

  reset(): void {
    this.#rooms.clear();
    this.#reopen.clear();
  }
}

/** Two seq-ordered runs of one room's messages as one, newest version of each seq winning. */
function merge(older: readonly Message[], newer: readonly Message[]): Message[] {
  const bySeq = new Map<number, Message>();
  for (const message of [...older, ...newer]) {
    const known = bySeq.get(message.seq);
    const newer = known === undefined || message.deleted || (!known.deleted && (message.editedAt ?? 0) >= (known.editedAt ?? 0));
    if (newer) bySeq.set(message.seq, message);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
