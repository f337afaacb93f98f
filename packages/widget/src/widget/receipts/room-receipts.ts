// Read receipts of the open room: how far each other member who shares them has read, kept live. A lazy part (with
// the "Seen" it renders), loaded when the first chat opens.

import type { ReactiveControllerHost } from 'lit';
import type { Chat, IChatClient, Message, Unsubscribe } from '@ichat/sdk';
import type { SeenMark } from '../conversation/conversation-view.js';
import type { SessionController, SessionPart } from '../session/session-controller.js';
import { adoptPartStyles } from '../shared/part-styles.js';
import type { WidgetStrings } from '../shared/widget-strings.js';
import { receiptsCss } from './receipts-styles.js';
import { seenMark } from './receipts-view.js';

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

/** Markers by user id; loaded when a room opens and after every (re)connection, then moved by `receipt` events. */
export class RoomReceipts implements SessionPart {
  readonly #host: ReactiveControllerHost;
  readonly #session: SessionController;
  readonly #activeRoom: () => number | null;
  #roomId: number | null = null;
  #markers = new Map<number, number>();

  constructor(host: Host, session: SessionController, activeRoom: () => number | null) {
    this.#host = host;
    this.#session = session;
    this.#activeRoom = activeRoom;
    adoptPartStyles(host.renderRoot, receiptsCss);
    session.add(this);
  }

  /** "Seen" in a room's log, if anyone has read the reader's loaded messages (none for a room not loaded here). */
  seen(chat: Chat, me: number, messages: readonly Message[], t: WidgetStrings): SeenMark | undefined {
    return chat.roomId === this.#roomId ? seenMark(chat, me, messages, this.#markers, t) : undefined;
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
