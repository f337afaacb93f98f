// Who is typing in each room, from the client's `typing` signals; each one shows for a few seconds.

import type { ReactiveControllerHost } from 'lit';
import type { IChatClient, Unsubscribe } from '@ichat/sdk';
import type { SessionController, SessionPart } from '../session/session-controller.js';
import { personName } from './chat-names.js';

/** How long a "typing" signal shows without another one. */
const TYPING_SHOW_MS = 4000;

export class TypingTracker implements SessionPart {
  readonly #host: ReactiveControllerHost;
  readonly #rooms = new Map<number, Map<number, { name: string; until: number }>>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, session: SessionController) {
    this.#host = host;
    session.add(this);
  }

  /** The names of the people typing in a room now. */
  typers(roomId: number): string[] {
    const now = Date.now();
    return [...(this.#rooms.get(roomId)?.values() ?? [])].filter((t) => t.until > now).map((t) => t.name);
  }

  attach(client: IChatClient): Unsubscribe[] {
    const update = (): void => this.#host.requestUpdate();
    return [
      client.on('typing', ({ roomId, user }) => {
        if (user.id === client.user?.id) return;
        const room = this.#rooms.get(roomId) ?? new Map<number, { name: string; until: number }>();
        room.set(user.id, { name: personName(user), until: Date.now() + TYPING_SHOW_MS });
        this.#rooms.set(roomId, room);
        clearTimeout(this.#timer);
        // One render after the last signal expires takes the indicator away.
        this.#timer = setTimeout(update, TYPING_SHOW_MS + 50);
        update();
      }),
      // A message ends its sender's typing.
      client.on('message', (message) => {
        if (message.senderId !== null && this.#rooms.get(message.roomId)?.delete(message.senderId) === true) update();
      }),
    ];
  }

  reset(): void {
    this.#rooms.clear();
    clearTimeout(this.#timer);
  }
}
