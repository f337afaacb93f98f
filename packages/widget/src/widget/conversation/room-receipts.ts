// Read receipts of the open room: how far each other member who shares them has read, kept live.

import type { ReactiveControllerHost } from 'lit';
import type { IChatClient, Unsubscribe } from '@ichat/sdk';
import type { SessionController, SessionPart } from '../session/session-controller.js';

/** Markers by user id; loaded when a room opens and after every (re)connection, then moved by `receipt` events. */
export class RoomReceipts implements SessionPart {
  readonly #host: ReactiveControllerHost;
  readonly #session: SessionController;
  readonly #activeRoom: () => number | null;
  #roomId: number | null = null;
  #markers = new Map<number, number>();

  constructor(host: ReactiveControllerHost, session: SessionController, activeRoom: () => number | null) {
    this.#host = host;
    this.#session = session;
    this.#activeRoom = activeRoom;
    session.add(this);
  }

  /** The markers of the room's readers; empty for any other room than the one loaded. */
  of(roomId: number): ReadonlyMap<number, number> {
    return roomId === this.#roomId ? this.#markers : new Map();
  }

  load(roomId: number): void {
    const client = this.#session.client;
    if (client === undefined) return;
    if (this.#roomId !== roomId) this.#markers = new Map();
    this.#roomId = roomId;
    // Offline or refused, the log simply shows no receipts: they are a courtesy, not state to repair.
    client
      .receipts(roomId)
      .then((readers) => {
        if (this.#roomId !== roomId) return;
        this.#markers = new Map(readers.map((reader) => [reader.userId, reader.readSeq]));
        this.#host.requestUpdate();
      })
      .catch(() => undefined);
  }

  attach(client: IChatClient): Unsubscribe[] {
    const reload = (): void => {
      const roomId = this.#activeRoom();
      if (roomId !== null) this.load(roomId);
    };
    return [
      client.on('receipt', ({ roomId, userId, readSeq }) => {
        if (roomId !== this.#roomId) return;
        this.#markers.set(userId, Math.max(readSeq, this.#markers.get(userId) ?? 0));
        this.#host.requestUpdate();
      }),
      client.on('receipts.sharing', reload),
      client.on('resumed', reload),
      client.on('ready', reload),
    ];
  }

  reset(): void {
    this.#roomId = null;
    this.#markers = new Map();
  }
}
