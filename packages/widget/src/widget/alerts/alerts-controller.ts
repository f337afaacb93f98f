// Telling the visitor of news while they look elsewhere: the unread total in the page title when the tab is hidden,
// and a browser notification per conversation.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { IChatClient, Message, Unsubscribe } from '@ichat/sdk';
import type { SessionController, SessionPart } from '../session/session-controller.js';
import type { WidgetStrings } from '../shared/widget-strings.js';
import { notificationFor } from './notification-for.js';
import { UnreadTitle } from './unread-title.js';

/** The element, as the alerts read it: its two attributes, and `open` to show a floating panel. */
export type AlertsHost = ReactiveControllerHost & { readonly titleUnread: boolean; readonly notifications: boolean; open: boolean };

/** What the alerts read of the element's parts (the element passes them itself, which keeps widget.js small). */
export interface AlertsParts {
  session: SessionController;
  /** Unread messages in rooms that are not muted. */
  list: { readonly totalUnread: number };
  /** The room on screen now (open, the panel shown, the page visible), and opening one. */
  conversation: { readonly roomInView: number | null; open(roomId: number): void };
  strings(): WidgetStrings;
}

/** Whether this browser has the Notifications API at all (an iPhone's Safari outside a home-screen app has not). */
function notificationsApi(): boolean {
  return typeof Notification === 'function';
}

export class AlertsController implements ReactiveController, SessionPart {
  readonly #host: AlertsHost;
  readonly #parts: AlertsParts;
  readonly #title = new UnreadTitle();
  /** The notification showing for each room, to close it once the room is read. */
  readonly #shown = new Map<number, Notification>();
  #loadedSeq = new Map<number, number>();
  readonly #onVisibility = (): void => this.#refresh();

  constructor(host: AlertsHost, parts: AlertsParts) {
    this.#host = host;
    this.#parts = parts;
    parts.session.add(this);
    host.addController(this);
  }

  /**
   * The button that asks for permission to notify, while the browser has not been told: the visitor is asked only
   * after clicking it, never on load.
   */
  renderAsk(t: WidgetStrings): TemplateResult | typeof nothing {
    if (!this.#host.notifications || !notificationsApi() || Notification.permission !== 'default') return nothing;
    return html`<button class="quiet notify-on" @click=${() => this.#ask()}>${t.notifyOn}</button>`;
  }

  #ask(): void {
    void Notification.requestPermission().then(() => this.#host.requestUpdate());
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  hostUpdated(): void {
    this.#refresh();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#title.restore();
    for (const notification of this.#shown.values()) notification.close();
    this.#shown.clear();
  }

  attach(client: IChatClient): Unsubscribe[] {
    // Loaded after the session's first sync, the part counts from the list as it is now.
    this.#loadedSeq = new Map(client.chats.map((chat) => [chat.roomId, chat.lastSeq]));
    return [
      client.on('ready', ({ chats }) => {
        this.#loadedSeq = new Map(chats.map((chat) => [chat.roomId, chat.lastSeq]));
      }),
      client.on('message', (message) => this.#notify(client, message)),
    ];
  }

  reset(): void {
    this.#loadedSeq = new Map();
    this.#title.restore();
  }

  /** The title for the page's state now; and a room read (here or on another device) loses its notification. */
  #refresh(): void {
    const hidden = document.visibilityState === 'hidden';
    if (this.#host.titleUnread && hidden) this.#title.show(this.#parts.list.totalUnread);
    else this.#title.restore();
    const chats = this.#parts.session.client?.chats ?? [];
    for (const [roomId, notification] of this.#shown) {
      if ((chats.find((chat) => chat.roomId === roomId)?.unread ?? 0) > 0) continue;
      notification.close();
      this.#shown.delete(roomId);
    }
  }

  #notify(client: IChatClient, message: Message): void {
    const me = client.user?.id;
    if (!this.#host.notifications || !notificationsApi() || Notification.permission !== 'granted' || me === undefined) return;
    const chat = client.chats.find((c) => c.roomId === message.roomId);
    const context = { me, chat, inView: this.#parts.conversation.roomInView, loadedSeq: this.#loadedSeq };
    const content = notificationFor(message, context, this.#parts.strings());
    if (content === undefined) return;
    const notification = new Notification(content.title, { body: content.body, tag: content.tag });
    notification.onclick = () => {
      window.focus();
      notification.close();
      this.#host.open = true;
      this.#parts.conversation.open(message.roomId);
    };
    this.#shown.set(message.roomId, notification);
  }
}
