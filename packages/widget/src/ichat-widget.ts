// <ichat-widget>: the embeddable iChat chat, filling its container or behind a floating launcher.

import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { AuthResult, Me, TokenProvider } from '@ichat/sdk';
import { controlStyles, themeTokens } from './styles/theme.js';
import { defaultServer, storedToken, storeToken } from './server-origin.js';
import type { AlertsController } from './widget/alerts/alerts-controller.js';
import type { AttachmentsController } from './widget/attachments/attachments-controller.js';
import type { AuthController } from './widget/auth/auth-controller.js';
import { ChatListController } from './widget/chat-list/chat-list-controller.js';
import { chatListStyles } from './widget/chat-list/chat-list-styles.js';
import { renderChatList } from './widget/chat-list/chat-list-view.js';
import { composerStyles } from './widget/composer/composer-styles.js';
import { ConversationController } from './widget/conversation/conversation-controller.js';
import { conversationStyles } from './widget/conversation/conversation-styles.js';
import type { NewChatController } from './widget/new-chat/new-chat-controller.js';
import { LazyParts, type LazyPart } from './widget/parts/lazy-parts.js';
import type { ModerationController } from './widget/moderation/moderation-controller.js';
import type { ProfileController } from './widget/profile/profile-controller.js';
import type { ForgotPasswordController } from './widget/forgot-password/forgot-password-controller.js';
import type { SearchController } from './widget/search/search-controller.js';
import { tokenFromUrl } from './widget/session/host-token.js';
import { SessionController } from './widget/session/session-controller.js';
import { avatarStyles } from './widget/shared/avatar-styles.js';
import { chatName } from './widget/shared/chat-names.js';
import { baseStyles } from './widget/shared/base-styles.js';
import { Clock } from './widget/shared/clock.js';
import { FocusRequest } from './widget/shared/focus-request.js';
import { TypingTracker } from './widget/shared/typing-tracker.js';
import type { ViewEnv } from './widget/shared/view-env.js';
import { mergeStrings, type WidgetStringOverrides, type WidgetStrings } from './widget/shared/widget-strings.js';
import { PaneLayout } from './widget/shell/pane-layout.js';
import { shellStyles } from './widget/shell/shell-styles.js';
import { renderBanner, renderLauncher, renderPanelBar } from './widget/shell/shell-view.js';
import type {
  WidgetEvents,
  WidgetLogoutDetail,
  WidgetMessageDetail,
  WidgetMode,
  WidgetUnreadDetail,
  WidgetUserDetail,
} from './widget/shell/widget-api.js';
import { ViewportFit } from './widget/shell/viewport-fit.js';

export type { WidgetLogoutDetail, WidgetMessageDetail, WidgetMode, WidgetUnreadDetail, WidgetUserDetail };

const TOKEN_SCOPE = 'widget';

/**
 * The iChat chat: sign up or log in, a live chat list, conversations with typing, presence and offline sending.
 *
 * @fires ichat-ready - the first sync finished: chats are loaded (`detail: { user }`)
 * @fires ichat-login - the visitor logged in or created an account with the form (`detail: { user }`)
 * @fires ichat-logout - the visitor logged out, or the session was revoked (`detail: { reason: 'user' | 'unauthorized' }`)
 * @fires ichat-message - a new message in any of the visitor's chats (`detail: { message, own }`)
 * @fires ichat-unread - the total of unread messages changed (`detail: { total }`)
 * @csspart launcher - the floating launcher button
 * @csspart launcher-badge - the unread badge on the launcher
 * @csspart panel - the chat surface (the whole element inline, the popup when floating)
 * @csspart panel-bar - the floating panel's title bar
 * @csspart auth - the log-in / sign-up form
 * @csspart chat-list - the chat list pane
 * @csspart chat-item - each chat in the list
 * @csspart search - the message search box at the top of the chat list
 * @csspart search-hit - each search result
 * @csspart unread-badge - each chat's unread count
 * @csspart avatar - avatars: the person's picture over their initials
 * @csspart conversation - the conversation pane
 * @csspart header - pane headers
 * @csspart log - the message list
 * @csspart bubble - each message bubble
 * @csspart reactions - the row of reaction chips under a message
 * @csspart reaction - each reaction chip
 * @csspart reply-bar - the "Replying to" bar above the text area
 * @csspart new-messages - the "new messages" pill
 * @csspart composer - the message form
 * @csspart input - the message text area
 * @csspart send - the send button
 * @csspart banner - the offline banner
 * @csspart dialog - the new-chat dialog and the profile editor
 * @cssprop --ichat-accent - buttons, own bubbles, badges, focus rings
 * @cssprop --ichat-accent-text - text on the accent colour
 * @cssprop --ichat-background - main background
 * @cssprop --ichat-surface - other people's bubbles, hovered rows, secondary buttons
 * @cssprop --ichat-text - text
 * @cssprop --ichat-muted - secondary text
 * @cssprop --ichat-border - dividers and field borders
 * @cssprop --ichat-danger - errors
 * @cssprop --ichat-font - font family
 * @cssprop --ichat-radius - corner radius of bubbles, fields and buttons
 * @cssprop --ichat-spacing - base spacing unit
 */
export class IChatWidget extends LitElement {
  static override styles = [
    themeTokens,
    controlStyles,
    baseStyles,
    shellStyles,
    chatListStyles,
    avatarStyles,
    conversationStyles,
    composerStyles,
  ];

  static override properties = {
    server: { type: String },
    token: { type: String },
    tokenUrl: { type: String, attribute: 'token-url' },
    tokenProvider: { attribute: false },
    mode: { type: String, reflect: true },
    theme: { type: String, reflect: true },
    open: { type: Boolean, reflect: true },
    titleUnread: { type: Boolean, attribute: 'title-unread' },
    notifications: { type: Boolean },
    strings: { attribute: false },
  };

  /** Base URL of the iChat server; defaults to the origin this script was loaded from. */
  declare server: string;
  /** A session token to start signed in; without one the widget uses the remembered session or asks to log in. */
  declare token: string;
  /**
   * Sign-in by the host site: a URL of the host's (GET with the page's cookies) answering a JWT it signed for the
   * signed-in visitor, as text or `{"token": "…"}`. The sign-in form is then never shown.
   */
  declare tokenUrl: string;
  /** Sign-in by the host site, from script: returns a fresh JWT the host signed. Wins over `token-url`. */
  declare tokenProvider: TokenProvider | undefined;
  /** `inline` (default) or `floating`. */
  declare mode: WidgetMode;
  /** `light` or `dark` to override `prefers-color-scheme`. */
  declare theme: string | undefined;
  /** Floating mode: whether the panel is open. */
  declare open: boolean;
  /**
   * While the tab is hidden, put the unread total (muted rooms left out) in front of the page's title: "(3) Shop". The
   * title is put back exactly when the tab is shown again or the element is removed. Off unless set.
   */
  declare titleUnread: boolean;
  /**
   * Browser notifications, one per conversation, for new messages from others: never for a muted room (unless the
   * message mentions the visitor), nor for the conversation on screen. The visitor is asked for permission only when they click the widget's "Turn on
   * notifications" button, never on load. Off unless set.
   */
  declare notifications: boolean;
  /** Overrides for any of the element's strings (see `WIDGET_STRINGS`). */
  declare strings: WidgetStringOverrides;

  // Controllers run in the order they are made, and their hostUpdated touch the DOM: the frame takes its size (pane
  // layout, viewport) before the log restores its scroll position (conversation), and the dialog opens (new chat)
  // before focus moves into it (in `updated`, after every controller).
  readonly #focus = new FocusRequest();
  readonly #layout = new PaneLayout(this);
  readonly #clock = new Clock(this);
  readonly #session = new SessionController(this, {
    ready: (user) => this.#onReady(user),
    unauthorized: () => this.#onUnauthorized(),
  });
  readonly #typing = new TypingTracker(this, this.#session);
  readonly #conversation: ConversationController;
  readonly #chatList: ChatListController;
  readonly #parts = new LazyParts(this);
  /** The log-in / sign-up form, loaded only when the visitor has no session to resume. */
  readonly #auth: LazyPart<'auth', AuthController>;
  /** Dialogs most visitors never open, loaded on first use: see `src/parts/`. */
  readonly #newChat: LazyPart<'new-chat', NewChatController>;
  readonly #profile: LazyPart<'profile-editor', ProfileController>;
  /** The title count and notifications, loaded only when the page turns either on. */
  readonly #alerts: LazyPart<'alerts', AlertsController>;
  readonly #forgot: LazyPart<'forgot-password', ForgotPasswordController>;
  readonly #moderation: LazyPart<'moderation', ModerationController>;
  /** Message search, loaded when the search box is first focused. */
  readonly #search: LazyPart<'search', SearchController>;
  /** Uploads, previews and the image viewer, loaded for the first file added or message with files shown. */
  readonly #attachments: LazyPart<'attachments', AttachmentsController>;
  /** The token the running session started with (or got from the form), so setting `token` to it changes nothing. */
  #sessionToken = '';
  #sessionServer = '';

  constructor() {
    super();
    this.server = defaultServer();
    this.token = '';
    this.tokenUrl = '';
    this.tokenProvider = undefined;
    this.mode = 'inline';
    this.theme = undefined;
    this.open = false;
    this.titleUnread = false;
    this.notifications = false;
    this.strings = {};
    const common = { session: this.#session, focus: this.#focus, strings: () => this.#t };
    // Registers itself, before the conversation: see the order above.
    new ViewportFit(this, () => this.#conversation.composer.keepVisible());
    this.#attachments = this.#parts.part(
      'attachments',
      (part) => new part.AttachmentsController(this, { ...common, attachmentStrings: () => this.strings.attachments }),
    );
    const mentions = this.#parts.part('mentions', (part) => new part.MentionsController(this, this.#session));
    const reactions = this.#parts.part(
      'reactions',
      (part) =>
        new part.ReactionsController(this, {
          ...common,
          reactionStrings: () => this.strings.reactions,
          jump: (seq) => this.#conversation.jump(seq),
        }),
    );
    // Quiet: the log simply shows no receipts while their part cannot load, as while the server cannot answer.
    const receipts = this.#parts.part('receipts', (part) => new part.RoomReceipts(this, this.#session, () => this.#conversation.activeRoom), true);
    this.#conversation = new ConversationController(this, {
      ...common,
      mentions,
      reactions,
      receipts,
      typing: this.#typing,
      attachments: this.#attachments,
      wide: () => this.#layout.wide,
      shown: () => this.mode !== 'floating' || this.open,
      message: (message, own) => this.#emit('ichat-message', { message, own }),
      report: (message) => this.#moderation.use((dialog) => dialog.report(message)),
      chatOptions: (chat) => {
        const peer = chat.peer;
        if (peer !== null) this.#moderation.use((dialog) => dialog.block(peer, chatName(chat)));
      },
    });
    this.#chatList = new ChatListController(this, {
      session: this.#session,
      typing: this.#typing,
      activeRoom: () => this.#conversation.activeRoom,
      openChat: (roomId) => this.#conversation.open(roomId),
      newChat: () => this.#newChat.use((dialog) => dialog.show()),
      search: (event) => this.#search.use((search) => search.handle(event)),
      searchResults: (env) => this.#search.render((search) => search.active, (part, search) => part.renderSearchResults(search, env)),
      editProfile: () => this.#profile.use((editor) => editor.show()),
      logOut: () => this.#logOut(),
      unread: (total) => this.#emit('ichat-unread', { total }),
      alerts: () => this.#alerts.controller,
    });
    this.#auth = this.#parts.part(
      'auth',
      (part) =>
        new part.AuthController(this, {
          ...common,
          signedIn: (result) => this.#onSignedIn(result),
          forgotPassword: (email) => this.#forgot.use((dialog) => dialog.show(email)),
        }),
    );
    this.#newChat = this.#parts.part(
      'new-chat',
      (part) => new part.NewChatController(this, { ...common, created: (chat) => this.#conversation.open(chat.roomId) }),
    );
    this.#profile = this.#parts.part('profile-editor', (part) => new part.ProfileController(this, common));
    this.#alerts = this.#parts.part(
      'alerts',
      (part) => new part.AlertsController(this, { ...common, list: this.#chatList, conversation: this.#conversation }),
    );
    this.#forgot = this.#parts.part('forgot-password', (part) => new part.ForgotPasswordController(this, { ...common, server: () => this.server }));
    this.#moderation = this.#parts.part(
      'moderation',
      (part) => new part.ModerationController(this, { ...common, moderationStrings: () => this.strings.moderation }),
    );
    this.#search = this.#parts.part(
      'search',
      (part) => new part.SearchController(this, { ...common, pick: (roomId, seq) => this.#conversation.open(roomId, seq) }),
    );
  }

  get #t(): WidgetStrings {
    return mergeStrings(this.strings);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved in the DOM after the first render: the session was stopped on disconnect, so start it again.
    if (this.hasUpdated) this.#startSession();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const serverChanged = changed.has('server') && this.server !== this.#sessionServer;
    const tokenChanged = changed.has('token') && this.#wantedToken() !== this.#sessionToken;
    const hostChanged = changed.has('tokenUrl') || changed.has('tokenProvider');
    if (!this.#session.started || serverChanged || tokenChanged || hostChanged) this.#startSession();
    if (changed.has('open') && this.mode === 'floating' && this.hasUpdated) {
      this.#focus.request(this.open ? this.#firstFocus() : 'button.launcher');
      if (this.open) this.#conversation.markRead();
    }
    // Most pages turn neither on, so neither weighs on widget.js; loaded once, the part follows the attributes itself.
    if (this.titleUnread || this.notifications) this.#alerts.use(() => undefined);
  }

  protected override updated(): void {
    if (this.#session.status === 'signed-out' && !this.#session.hostSignIn) this.#auth.use(() => undefined);
    this.#focus.flush(this.renderRoot);
  }

  /** The host's token, else the session remembered for this server, else ''. */
  #wantedToken(): string {
    return this.token !== '' ? this.token : storedToken(TOKEN_SCOPE, this.server);
  }

  /** The host site's token provider: the property, else one reading `token-url`, else none. */
  #hostProvider(): TokenProvider | undefined {
    if (this.tokenProvider !== undefined) return this.tokenProvider;
    return this.tokenUrl === '' ? undefined : tokenFromUrl(new URL(this.tokenUrl, document.baseURI).href);
  }

  #startSession(): void {
    const provider = this.#hostProvider();
    // Signed in by the host, a remembered session of someone else must not be picked up.
    const token = provider === undefined ? this.#wantedToken() : '';
    this.#sessionServer = this.server;
    this.#sessionToken = token;
    if (this.server === '') return;
    this.#session.start(this.server.replace(/\/+$/, ''), token, provider);
  }

  #emit<K extends keyof WidgetEvents>(type: K, detail: WidgetEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #onReady(user: Me): void {
    if (this.#auth.controller !== undefined) this.#auth.controller.notice = '';
    this.#emit('ichat-ready', { user });
  }

  #onSignedIn(result: AuthResult): void {
    this.#sessionToken = result.token;
    if (this.token === '') storeToken(TOKEN_SCOPE, this.server, result.token);
    this.#emit('ichat-login', { user: result.user });
  }

  /** Forgets the session's token: the host's, the remembered one and the running one. */
  #forgetToken(): void {
    storeToken(TOKEN_SCOPE, this.server, '');
    this.#sessionToken = '';
    this.token = '';
  }

  #onUnauthorized(): void {
    this.#forgetToken();
    const notice = this.#t.sessionEnded;
    this.#auth.use((form) => {
      form.notice = notice;
    });
    this.#startSession();
    this.#emit('ichat-logout', { reason: 'unauthorized' });
  }

  #logOut(): void {
    this.#forgetToken();
    this.#auth.use((form) => form.reset());
    this.#focus.request('input[name="email"]');
    void this.#session.logout();
    this.#emit('ichat-logout', { reason: 'user' });
  }

  #firstFocus(): string {
    if (this.#session.status === 'signed-out') return 'input[name="email"]';
    return this.#conversation.activeRoom === null ? '#list-title' : 'textarea';
  }

  #toggleOpen(): void {
    this.open = !this.open;
  }

  #onPanelKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || this.mode !== 'floating' || event.defaultPrevented) return;
    const dialogOpen = [this.#newChat, this.#profile, this.#forgot, this.#moderation, this.#attachments].some((part) => part.controller?.isOpen === true);
    if (dialogOpen || this.#conversation.composer.editing !== null) return;
    this.open = false;
  }

  #renderBody(env: ViewEnv): TemplateResult {
    const status = this.#session.status;
    if (status === 'signed-out' && this.#session.hostSignIn) {
      return html`<div class="loading" role="status">${env.t.hostSignedOut}</div>`;
    }
    if (status === 'signed-out') {
      return html`${this.#auth.render(() => true, (part, form) => part.renderAuthForm(form, env.t))}${this.#forgot.render((dialog) => dialog.isOpen, (part, dialog) => part.renderForgotPasswordDialog(dialog, env.t))}`;
    }
    if (status === 'connecting') {
      return html`<div class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${env.t.connecting}</div>`;
    }
    const me = this.#session.user;
    const isOpen = (dialog: { isOpen: boolean }): boolean => dialog.isOpen;
    return html`<div class="panes">${renderChatList(this.#chatList, env)}${this.#conversation.render(env)}</div>
      ${this.#newChat.render(isOpen, (part, dialog) => part.renderNewChatDialog(dialog, env.t))}
      ${me === undefined ? nothing : this.#profile.render(isOpen, (part, editor) => part.renderProfileDialog(editor, me, env.t))}
      ${this.#moderation.render(isOpen, (part, dialog) => part.renderModerationDialog(dialog, env.t))}
      ${this.#attachments.render(isOpen, (part, viewer) => part.renderViewer(viewer, env.t))}`;
  }

  protected override render(): TemplateResult {
    const env: ViewEnv = { t: this.#t, now: this.#clock.now, wide: this.#layout.wide };
    const floating = this.mode === 'floating';
    // A room that left the list (removed from a group) no longer holds the narrow layout on an empty pane.
    const inRoom = this.#session.status === 'ready' && this.#conversation.room !== undefined;
    return html`${floating ? renderLauncher(this.open, this.#chatList.totalUnread, env.t, () => this.#toggleOpen()) : nothing}
      <div
        class="frame ${env.wide ? 'wide' : 'narrow'} ${inRoom ? 'in-room' : ''}"
        part="panel"
        ?hidden=${floating && !this.open}
        role=${floating ? 'dialog' : nothing}
        aria-label=${floating ? env.t.panelTitle : nothing}
        @keydown=${(event: KeyboardEvent) => this.#onPanelKeydown(event)}
      >
        ${floating ? renderPanelBar(env.t, () => this.#toggleOpen()) : nothing} ${renderBanner(this.#session, env.t)}
        ${this.#parts.render(env.t)}
        ${this.#renderBody(env)}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ichat-widget': IChatWidget;
  }
  interface HTMLElementEventMap {
    'ichat-ready': CustomEvent<WidgetUserDetail>;
    'ichat-login': CustomEvent<WidgetUserDetail>;
    'ichat-logout': CustomEvent<WidgetLogoutDetail>;
    'ichat-message': CustomEvent<WidgetMessageDetail>;
    'ichat-unread': CustomEvent<WidgetUnreadDetail>;
  }
}
