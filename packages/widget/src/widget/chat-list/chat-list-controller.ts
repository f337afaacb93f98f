// The chat list as the widget shows it: the SDK's live list re-rendered on change, and the unread total reported.

import { nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Chat, IChatClient, Me, Unsubscribe } from '@ichat/sdk';
import type { AlertsController } from '../alerts/alerts-controller.js';
import type { SessionController, SessionPart } from '../session/session-controller.js';
import type { TypingTracker } from '../shared/typing-tracker.js';
import type { WidgetStrings } from '../shared/widget-strings.js';
import type { ViewEnv } from '../shared/view-env.js';

/** What the list asks of the element around it. */
export interface ChatListOptions {
  session: SessionController;
  typing: TypingTracker;
  /** The room open in the conversation pane, marked in the list. */
  activeRoom(): number | null;
  openChat(roomId: number): void;
  newChat(): void;
  /** The search box was focused, typed in or sent a key: the search part (loaded on first use) takes it. */
  search: (event: Event) => void;
  /** The search results, shown in place of the chats while there is a search. */
  searchResults(env: ViewEnv): TemplateResult | typeof nothing;
  /** Opens the profile editor. */
  editProfile(): void;
  logOut(): void;
  /** The total of unread messages changed. */
  unread(total: number): void;
  /** The notifications, for the button that turns them on; undefined until their part is loaded. */
  alerts(): AlertsController | undefined;
}

export class ChatListController implements SessionPart {
  readonly #host: ReactiveControllerHost;
  readonly #options: ChatListOptions;
  /** The total last reported; -1 before the first report of a session. */
  #reported = -1;
  /** The search box's focus, input and key events. */
  readonly search: (event: Event) => void;

  constructor(host: ReactiveControllerHost, options: ChatListOptions) {
    this.#host = host;
    this.#options = options;
    this.search = options.search;
    options.session.add(this);
  }

  get user(): Me | undefined {
    return this.#options.session.user;
  }

  get chats(): readonly Chat[] {
    return this.#options.session.client?.chats ?? [];
  }

  get online(): ReadonlySet<number> {
    return this.#options.session.client?.online ?? new Set();
  }

  get activeRoom(): number | null {
    return this.#options.activeRoom();
  }

  /** Unread messages in rooms that are not muted: a muted room shows its own count but adds nothing here. */
  get totalUnread(): number {
    return this.chats.reduce((sum, chat) => sum + (chat.muted ? 0 : chat.unread), 0);
  }

  chat(roomId: number): Chat | undefined {
    return this.chats.find((chat) => chat.roomId === roomId);
  }

  typers(roomId: number): string[] {
    return this.#options.typing.typers(roomId);
  }

  openChat(roomId: number): void {
    this.#options.openChat(roomId);
  }

  newChat(): void {
    this.#options.newChat();
  }

  searchResults(env: ViewEnv): TemplateResult | typeof nothing {
    return this.#options.searchResults(env);
  }

  /** Whether the visitor may edit their profile here: not when the host site signs them in and sets it. */
  get canEditProfile(): boolean {
    return !this.#options.session.hostSignIn;
  }

  editProfile(): void {
    this.#options.editProfile();
  }

  logOut(): void {
    this.#options.logOut();
  }

  /** The button that asks for permission to notify, when the notifications' part is loaded and may ask. */
  notificationsButton(t: WidgetStrings): TemplateResult | typeof nothing {
    return this.#options.alerts()?.renderAsk(t) ?? nothing;
  }

  attach(client: IChatClient): Unsubscribe[] {
    return [
      client.on('ready', () => this.#reportUnread()),
      client.on('chats', () => {
        this.#host.requestUpdate();
        this.#reportUnread();
      }),
      client.on('presence', () => this.#host.requestUpdate()),
      // The visitor's own name and picture in the footer; contacts' changes come with a `chats` event.
      client.on('user.updated', () => this.#host.requestUpdate()),
    ];
  }

  reset(): void {
    this.#reported = -1;
  }

  #reportUnread(): void {
    const total = this.totalUnread;
    if (total === this.#reported) return;
    this.#reported = total;
    this.#options.unread(total);
  }
}
