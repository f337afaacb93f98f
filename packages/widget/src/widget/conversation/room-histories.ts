// The loaded part of each room's history: the newest page on first view, older pages on demand, live messages merged.

import type { ReactiveControllerHost } from 'lit';
import type { IChatClient, Message, Unsubscribe } from '@ichat/sdk';
import type { SessionController, SessionPart } from '../session/session-controller.js';

/** The loaded part of a room's history: a contiguous run of messages ending at the newest. */
export interface RoomHistory {
  messages: Message[];
  hasOlder: boolean;
  loadingOlder: boolean;
  loaded: boolean;
}

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

  /** Loads the newest page of a room the first time it is shown. */
  async open(roomId: number): Promise<void> {
    if (this.#rooms.get(roomId)?.loaded === true) return;
    const room: RoomHistory = { messages: [], hasOlder: false, loadingOlder: true, loaded: false };
    this.#rooms.set(roomId, room);
    this.#host.requestUpdate();
    try {
      const page = await this.#session.require().history(roomId);
      room.messages = merge(page.messages, room.messages);
      room.hasOlder = page.hasMore;
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
        if (room !== undefined) room.messages = merge(room.messages, [message]);
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
