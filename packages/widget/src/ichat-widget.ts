// <ichat-widget>: the embeddable iChat chat, filling its container or behind a floating launcher.

import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { IChatError, type Me, type Message } from '@ichat/sdk';
import { controlStyles, themeTokens } from './styles/theme.js';
import { defaultServer, storedToken, storeToken } from './server-origin.js';
import { authErrors, renderAuthForm, type AuthErrors, type AuthMode } from './widget/auth-form.js';
import { ChatSession } from './widget/chat-session.js';
import { renderChatList } from './widget/chat-list-view.js';
import { composerKeydown, renderComposer } from './widget/composer.js';
import { renderConversation } from './widget/conversation-view.js';
import { newChatError, renderNewChatDialog, type NewChatKind } from './widget/new-chat-dialog.js';
import { isAtBottom, ScrollKeeper, TOP_SLACK } from './widget/scroll-keeper.js';
import { ViewportFit } from './widget/viewport-fit.js';
import { mergeStrings, fill, type WidgetStringOverrides, type WidgetStrings } from './widget/widget-strings.js';
import { widgetStyles } from './widget/widget-styles.js';

/** `inline` fills its container; `floating` is a launcher button in a corner that opens a chat panel. */
export type WidgetMode = 'inline' | 'floating';

/** `detail` of `ichat-ready` and `ichat-login`. */
export interface WidgetUserDetail {
  user: Me;
}

/** `detail` of `ichat-message`. */
export interface WidgetMessageDetail {
  message: Message;
  /** Whether the signed-in user sent it (from this or another device). */
  own: boolean;
}

/** `detail` of `ichat-unread`. */
export interface WidgetUnreadDetail {
  total: number;
}

/** `detail` of `ichat-logout`. */
export interface WidgetLogoutDetail {
  /** `user`: the log-out button; `unauthorized`: the server refused or revoked the session. */
  reason: 'user' | 'unauthorized';
}

const TOKEN_SCOPE = 'widget';
const GROWS_BY_ITSELF = globalThis.CSS?.supports?.('field-sizing', 'content') === true;

/** A text field's value from a form ('' for a missing or file field). */
function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

/** Grows the composer with its text where CSS `field-sizing` cannot (its max-height caps it). */
function autosize(target: EventTarget | null): void {
  if (GROWS_BY_ITSELF || !(target instanceof HTMLTextAreaElement)) return;
  target.style.blockSize = 'auto';
  target.style.blockSize = `${target.scrollHeight + 2}px`;
}
/** From this width the chat list and the conversation sit side by side. */
const TWO_PANE_MIN_PX = 720;
const CLOCK_TICK_MS = 30_000;

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
 * @csspart unread-badge - each chat's unread count
 * @csspart avatar - initials avatars
 * @csspart conversation - the conversation pane
 * @csspart header - pane headers
 * @csspart log - the message list
 * @csspart bubble - each message bubble
 * @csspart new-messages - the "new messages" pill
 * @csspart composer - the message form
 * @csspart input - the message text area
 * @csspart send - the send button
 * @csspart banner - the offline banner
 * @csspart dialog - the new-chat dialog
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
  static override styles = [themeTokens, controlStyles, widgetStyles];

  static override properties = {
    server: { type: String },
    token: { type: String },
    mode: { type: String, reflect: true },
    theme: { type: String, reflect: true },
    open: { type: Boolean, reflect: true },
    strings: { attribute: false },
    _authMode: { state: true },
    _authErrors: { state: true },
    _authBusy: { state: true },
    _notice: { state: true },
    _activeRoom: { state: true },
    _wide: { state: true },
    _newBelow: { state: true },
    _unreadAfter: { state: true },
    _dialogKind: { state: true },
    _dialogOpen: { state: true },
    _dialogError: { state: true },
    _dialogBusy: { state: true },
    _editing: { state: true },
    _confirmingDelete: { state: true },
    _composerError: { state: true },
    _now: { state: true },
  };

  /** Base URL of the iChat server; defaults to the origin this script was loaded from. */
  declare server: string;
  /** A session token to start signed in; without one the widget uses the remembered session or asks to log in. */
  declare token: string;
  /** `inline` (default) or `floating`. */
  declare mode: WidgetMode;
  /** `light` or `dark` to override `prefers-color-scheme`. */
  declare theme: string | undefined;
  /** Floating mode: whether the panel is open. */
  declare open: boolean;
  /** Overrides for any of the element's strings (see `WIDGET_STRINGS`). */
  declare strings: WidgetStringOverrides;

  declare private _authMode: AuthMode;
  declare private _authErrors: AuthErrors;
  declare private _authBusy: boolean;
  declare private _notice: string;
  declare private _activeRoom: number | null;
  declare private _wide: boolean;
  declare private _newBelow: boolean;
  declare private _unreadAfter: number | null;
  declare private _dialogKind: NewChatKind;
  declare private _dialogOpen: boolean;
  declare private _dialogError: string;
  declare private _dialogBusy: boolean;
  declare private _editing: Message | null;
  declare private _confirmingDelete: number | null;
  declare private _composerError: string;
  declare private _now: number;

  readonly #session = new ChatSession(this, {
    ready: (user) => this.#onReady(user),
    message: (message) => this.#onMessage(message),
    unread: (total) => this.#emit<WidgetUnreadDetail>('ichat-unread', { total }),
    unauthorized: () => this.#onUnauthorized(),
  });
  readonly #scroll = new ScrollKeeper();
  readonly #viewport = new ViewportFit(this, () => this.#keepComposerVisible());
  /** The token the running session started with (or got from the form), so setting `token` to it changes nothing. */
  #sessionToken = '';
  #sessionServer = '';
  #resize: ResizeObserver | undefined;
  #clock: ReturnType<typeof setInterval> | undefined;
  /** What to focus once the next render is on screen. */
  #focusNext: string | undefined;
  #restoreFocusTo: string | undefined;
  readonly #onVisibility = (): void => this.#markActiveRead();

  constructor() {
    super();
    this.server = defaultServer();
    this.token = '';
    this.mode = 'inline';
    this.theme = undefined;
    this.open = false;
    this.strings = {};
    this._authMode = 'login';
    this._authErrors = {};
    this._authBusy = false;
    this._notice = '';
    this._activeRoom = null;
    this._wide = false;
    this._newBelow = false;
    this._unreadAfter = null;
    this._dialogKind = 'direct';
    this._dialogOpen = false;
    this._dialogError = '';
    this._dialogBusy = false;
    this._editing = null;
    this._confirmingDelete = null;
    this._composerError = '';
    this._now = Date.now();
  }

  get #t(): WidgetStrings {
    return mergeStrings(this.strings);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize = new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width ?? 0;
      if (width > 0) this._wide = width >= TWO_PANE_MIN_PX;
    });
    this.#clock = setInterval(() => {
      this._now = Date.now();
    }, CLOCK_TICK_MS);
    document.addEventListener('visibilitychange', this.#onVisibility);
    // Moved in the DOM after the first render: the session was stopped on disconnect, so start it again.
    if (this.hasUpdated) {
      this.#observeFrame();
      this.#startSession();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
    clearInterval(this.#clock);
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const serverChanged = changed.has('server') && this.server !== this.#sessionServer;
    const tokenChanged = changed.has('token') && this.#wantedToken() !== this.#sessionToken;
    if (!this.#session.started || serverChanged || tokenChanged) this.#startSession();
    if (changed.has('open') && this.mode === 'floating' && this.hasUpdated) {
      this.#focusNext = this.open ? this.#firstFocus() : 'button.launcher';
      if (this.open) this.#markActiveRead();
    }
    this.#scroll.capture(this.#log);
  }

  protected override firstUpdated(): void {
    this.#observeFrame();
  }

  /** The layout follows the element's own width, not the window's. */
  #observeFrame(): void {
    const frame = this.renderRoot.querySelector('.frame');
    if (frame !== null) this.#resize?.observe(frame);
  }

  protected override updated(): void {
    this.#fitViewport();
    this.#scroll.restore(this.#log);
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog instanceof HTMLDialogElement && !dialog.open) dialog.showModal();
    // A focus request waits for its target: after logging in, the chat list only appears once the first sync is done.
    const target = this.#focusNext === undefined ? null : this.renderRoot.querySelector<HTMLElement>(this.#focusNext);
    if (target !== null) {
      this.#focusNext = undefined;
      target.focus();
    }
  }

  /** Publishes the visual viewport to the styles through the CSSOM (no inline style attribute, for strict CSPs). */
  #fitViewport(): void {
    const frame = this.renderRoot.querySelector<HTMLElement>('.frame');
    if (frame === null || this.#viewport.height === 0) return;
    frame.style.setProperty('--_vvh', `${this.#viewport.height}px`);
    frame.style.setProperty('--_vvtop', `${this.#viewport.top}px`);
  }

  /** The message log, when a conversation is on screen. */
  get #log(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.log');
  }

  get #textarea(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  /** The host's token, else the session remembered for this server, else ''. */
  #wantedToken(): string {
    return this.token !== '' ? this.token : storedToken(TOKEN_SCOPE, this.server);
  }

  #startSession(): void {
    const token = this.#wantedToken();
    this.#sessionServer = this.server;
    this.#sessionToken = token;
    this._activeRoom = null;
    this._newBelow = false;
    this._editing = null;
    if (this.server === '') return;
    this.#session.start(this.server.replace(/\/+$/, ''), token);
  }

  #emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }

  // ── Session events ──────────────────────────────────────────────────────────────────────────────────────────

  #onReady(user: Me): void {
    this._notice = '';
    this.#emit<WidgetUserDetail>('ichat-ready', { user });
  }

  #onMessage(message: Message): void {
    const own = message.senderId === this.#session.user?.id;
    this.#emit<WidgetMessageDetail>('ichat-message', { message, own });
    if (message.roomId !== this._activeRoom) return;
    if (this.#scroll.stick) this.#markActiveRead();
    else if (!own) this._newBelow = true;
  }

  #onUnauthorized(): void {
    storeToken(TOKEN_SCOPE, this.server, '');
    this.#sessionToken = '';
    this.token = '';
    this._activeRoom = null;
    this._notice = this.#t.sessionEnded;
    this.#startSession();
    this.#emit<WidgetLogoutDetail>('ichat-logout', { reason: 'unauthorized' });
  }

  // ── Accounts ────────────────────────────────────────────────────────────────────────────────────────────────

  async #submitAuth(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._authBusy) return;
    const form = event.currentTarget;
    if (!(form instanceof HTMLFormElement)) return;
    const data = new FormData(form);
    const value = (name: string): string => formText(data, name);
    this._authBusy = true;
    this._authErrors = {};
    try {
      const result =
        this._authMode === 'register'
          ? await this.#session.register({ email: value('email'), username: value('username'), password: value('password') })
          : await this.#session.login({ email: value('email'), password: value('password') });
      this.#sessionToken = result.token;
      if (this.token === '') storeToken(TOKEN_SCOPE, this.server, result.token);
      this._notice = '';
      this.#focusNext = '#list-title';
      this.#emit<WidgetUserDetail>('ichat-login', { user: result.user });
    } catch (error) {
      const errors = authErrors(error, this.#t);
      this._authErrors = errors;
      const field = (['email', 'username', 'password'] as const).find((name) => errors[name] !== undefined);
      this.#focusNext = field === undefined ? undefined : `input[name="${field}"]`;
    } finally {
      this._authBusy = false;
    }
  }

  #switchAuthMode(): void {
    this._authMode = this._authMode === 'login' ? 'register' : 'login';
    this._authErrors = {};
    this.#focusNext = '#auth-title';
  }

  #logOut(): void {
    storeToken(TOKEN_SCOPE, this.server, '');
    this.#sessionToken = '';
    this.token = '';
    this._activeRoom = null;
    this._authMode = 'login';
    this._authErrors = {};
    this.#focusNext = 'input[name="email"]';
    void this.#session.logout();
    this.#emit<WidgetLogoutDetail>('ichat-logout', { reason: 'user' });
  }

  // ── Navigation ──────────────────────────────────────────────────────────────────────────────────────────────

  #openChat(roomId: number): void {
    if (this._activeRoom !== roomId) {
      const chat = this.#session.chat(roomId);
      this._activeRoom = roomId;
      this._unreadAfter = chat !== undefined && chat.unread > 0 ? chat.readSeq : null;
      this._newBelow = false;
      this._editing = null;
      this._confirmingDelete = null;
      this._composerError = '';
      this.#scroll.stick = true;
      this.#setComposer('');
    }
    this.#focusNext = this._wide ? 'textarea' : '#conversation-title';
    void this.#session.openRoom(roomId).then(() => this.#markActiveRead());
  }

  #back(): void {
    const room = this._activeRoom;
    this._activeRoom = null;
    this.#focusNext = room === null ? '#list-title' : `.chat-item[data-room="${room}"]`;
  }

  /** Whether the visitor can see the open conversation now. */
  #conversationVisible(): boolean {
    return this._activeRoom !== null && (this.mode !== 'floating' || this.open) && document.visibilityState === 'visible';
  }

  #markActiveRead(): void {
    if (this._activeRoom !== null && this.#conversationVisible() && this.#scroll.stick) this.#session.markRead(this._activeRoom);
  }

  #onLogScroll(): void {
    const log = this.#log;
    const room = this._activeRoom;
    if (log === null || room === null) return;
    this.#scroll.stick = isAtBottom(log);
    if (this.#scroll.stick) {
      if (this._newBelow) this._newBelow = false;
      this.#markActiveRead();
    }
    if (log.scrollTop < TOP_SLACK) void this.#session.loadOlder(room);
  }

  #jumpToBottom(): void {
    this.#scroll.toBottom(this.#log);
    this._newBelow = false;
    this.#markActiveRead();
  }

  #firstFocus(): string {
    if (this.#session.status === 'signed-out') return 'input[name="email"]';
    return this._activeRoom === null ? '#list-title' : 'textarea';
  }

  #toggleOpen(): void {
    this.open = !this.open;
  }

  #onPanelKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || this.mode !== 'floating' || event.defaultPrevented || this._dialogOpen || this._editing !== null) return;
    this.open = false;
  }

  /** The on-screen keyboard moved the visual viewport: bring a focused composer back into view. */
  #keepComposerVisible(): void {
    const textarea = this.#textarea;
    if (textarea !== null && this.shadowRoot?.activeElement === textarea) textarea.scrollIntoView({ block: 'nearest' });
  }

  // ── Composing ───────────────────────────────────────────────────────────────────────────────────────────────

  async #submitMessage(): Promise<void> {
    const textarea = this.#textarea;
    const roomId = this._activeRoom;
    if (textarea === null || roomId === null) return;
    const text = textarea.value;
    if (text.trim() === '') return;
    const editing = this._editing;
    try {
      if (editing !== null) {
        await this.#session.edit(roomId, editing.seq, text);
        this._editing = null;
      } else {
        this.#session.send(roomId, text);
        this.#scroll.toBottom(this.#log);
        this._newBelow = false;
      }
      this.#setComposer('');
      this._composerError = '';
    } catch (error) {
      const t = this.#t;
      const tooLong = error instanceof IChatError && error.code === 'validation_failed' && error.field === 'text';
      this._composerError = tooLong ? t.errors.tooLong : error instanceof IChatError && error.retryable ? t.errors.network : t.errors.generic;
    }
  }

  #setComposer(text: string): void {
    const textarea = this.#textarea;
    if (textarea === null) return;
    textarea.value = text;
    autosize(textarea);
  }

  #startEdit(message: Message): void {
    const textarea = this.#textarea;
    if (textarea === null) return;
    this._editing = message;
    this._confirmingDelete = null;
    this.#setComposer(message.text);
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  }

  #cancelEdit(): void {
    if (this._editing === null) return;
    this._editing = null;
    this.#setComposer('');
    this._composerError = '';
    this.#focusNext = 'textarea';
  }

  #askDelete(seq: number | null): void {
    const previous = this._confirmingDelete;
    this._confirmingDelete = seq;
    this.#focusNext = seq === null ? `.msg[data-seq="${previous ?? ''}"] .delete` : `.msg[data-seq="${seq}"] .confirm-delete`;
  }

  #confirmDelete(seq: number): void {
    const roomId = this._activeRoom;
    this._confirmingDelete = null;
    this.#focusNext = 'textarea';
    if (roomId !== null) {
      this.#session.remove(roomId, seq).catch(() => {
        this._composerError = this.#t.errors.generic;
      });
    }
  }

  // ── New chat ────────────────────────────────────────────────────────────────────────────────────────────────

  #openDialog(): void {
    this._dialogOpen = true;
    this._dialogError = '';
    this._dialogKind = 'direct';
    this.#restoreFocusTo = 'button.new-chat';
    this.#focusNext = 'dialog input';
  }

  #closeDialog(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog?.open === true) dialog.close();
    if (!this._dialogOpen) return;
    this._dialogOpen = false;
    this.#focusNext ??= this.#restoreFocusTo;
  }

  async #submitDialog(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget;
    if (!(form instanceof HTMLFormElement) || this._dialogBusy) return;
    const data = new FormData(form);
    const value = (name: string): string => formText(data, name).trim();
    this._dialogBusy = true;
    this._dialogError = '';
    try {
      const chat =
        this._dialogKind === 'direct'
          ? await this.#session.openDirect(value('with'))
          : await this.#session.createGroup(value('name'), value('members').split(/[\s,;]+/).filter(Boolean));
      this.#restoreFocusTo = undefined;
      this.#closeDialog();
      this.#openChat(chat.roomId);
    } catch (error) {
      this._dialogError = newChatError(error, this._dialogKind, this.#t);
      this.#focusNext = 'dialog input';
    } finally {
      this._dialogBusy = false;
    }
  }

  // ── Rendering ───────────────────────────────────────────────────────────────────────────────────────────────

  #renderBanner(): TemplateResult | typeof nothing {
    const t = this.#t;
    const session = this.#session;
    if (session.status === 'signed-out') return nothing;
    if (session.connection === 'closed' && session.closedReason === 'replaced') {
      return html`<div class="banner on" part="banner" role="status">
        <span>${t.disconnected}</span><button class="quiet small" @click=${() => session.reconnect()}>${t.reconnect}</button>
      </div>`;
    }
    const offline = session.connection === 'reconnecting' || (session.status === 'ready' && session.connection === 'connecting');
    return html`<div class="banner ${offline ? 'on' : ''}" part="banner" role="status">
      ${offline
        ? html`<span>${t.offline}</span><button class="quiet small retry-now" @click=${() => session.retryNow()}>${t.retryNow}</button>`
        : nothing}
    </div>`;
  }

  #renderConversationPane(): TemplateResult {
    const t = this.#t;
    const session = this.#session;
    const roomId = this._activeRoom;
    const chat = roomId === null ? undefined : session.chat(roomId);
    const user = session.user;
    if (chat === undefined || user === undefined || roomId === null) {
      return html`<section class="pane conversation placeholder" aria-hidden=${this._wide ? 'false' : 'true'}>
        <p class="empty">${t.pickChat}</p>
      </section>`;
    }
    const composer = renderComposer(
      {
        t,
        editing: this._editing !== null,
        error: this._composerError,
        submit: (event) => {
          event.preventDefault();
          void this.#submitMessage();
        },
        input: (event) => {
          autosize(event.target);
          this.#session.typing(roomId);
          if (this._composerError !== '') this._composerError = '';
        },
        cancelEdit: () => this.#cancelEdit(),
      },
      (event) =>
        composerKeydown(
          event,
          () => void this.#submitMessage(),
          () => this.#cancelEdit(),
        ),
    );
    // A fresh pane per room: the live region must not announce a whole history when switching chats.
    return html`${keyed(roomId, renderConversation(
      {
        t,
        chat,
        user,
        online: session.online,
        history: session.history(roomId),
        pending: session.pending(roomId),
        failed: session.failedIn(roomId),
        typers: session.typers(roomId),
        now: this._now,
        wide: this._wide,
        newBelow: this._newBelow,
        unreadAfter: this._unreadAfter,
        confirmingDelete: this._confirmingDelete,
        back: () => this.#back(),
        loadOlder: () => void this.#session.loadOlder(roomId),
        jumpToBottom: () => this.#jumpToBottom(),
        scrolled: () => this.#onLogScroll(),
        edit: (message) => this.#startEdit(message),
        askDelete: (seq) => this.#askDelete(seq),
        confirmDelete: (seq) => this.#confirmDelete(seq),
        retry: (id) => session.retry(id),
        discard: (id) => session.discard(id),
        cancel: (id) => session.cancel(id),
      },
      composer,
    ))}`;
  }

  #renderSignedIn(): TemplateResult {
    const session = this.#session;
    const list = renderChatList({
      t: this.#t,
      user: session.user,
      chats: session.chats,
      online: session.online,
      activeRoom: this._activeRoom,
      now: this._now,
      typers: (roomId) => session.typers(roomId),
      openChat: (roomId) => this.#openChat(roomId),
      newChat: () => this.#openDialog(),
      logOut: () => this.#logOut(),
    });
    return html`<div class="panes">${list}${this.#renderConversationPane()}</div>
      ${this._dialogOpen
        ? renderNewChatDialog({
            t: this.#t,
            kind: this._dialogKind,
            error: this._dialogError,
            busy: this._dialogBusy,
            submit: (event) => void this.#submitDialog(event),
            setKind: (kind) => {
              this._dialogKind = kind;
              this._dialogError = '';
            },
            close: () => this.#closeDialog(),
          })
        : nothing}`;
  }

  #renderBody(): TemplateResult {
    const session = this.#session;
    if (session.status === 'signed-out') {
      return renderAuthForm({
        t: this.#t,
        mode: this._authMode,
        errors: this._authErrors,
        busy: this._authBusy,
        notice: this._notice,
        submit: (event) => void this.#submitAuth(event),
        switchMode: () => this.#switchAuthMode(),
      });
    }
    if (session.status === 'connecting') {
      return html`<div class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${this.#t.connecting}</div>`;
    }
    return this.#renderSignedIn();
  }

  #renderLauncher(): TemplateResult {
    const t = this.#t;
    const unread = this.#session.totalUnread;
    return html`<button
      class="launcher"
      part="launcher"
      aria-expanded=${this.open ? 'true' : 'false'}
      aria-label=${this.open ? t.closeChat : t.openChat}
      @click=${() => this.#toggleOpen()}
    >
      ${this.open
        ? html`<svg aria-hidden="true" viewBox="0 0 24 24" width="26" height="26"><path fill="currentColor" d="M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z" /></svg>`
        : html`<svg aria-hidden="true" viewBox="0 0 24 24" width="28" height="28"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z" /></svg>`}
      ${unread > 0
        ? html`<span class="launcher-badge" part="launcher-badge"
            ><span aria-hidden="true">${unread > 99 ? '99+' : unread}</span><span class="visually-hidden">${fill(t.unreadCount, { count: unread })}</span></span
          >`
        : nothing}
    </button>`;
  }

  protected override render(): TemplateResult {
    const floating = this.mode === 'floating';
    // A room that left the list (removed from a group) no longer holds the narrow layout on an empty pane.
    const room = this._activeRoom !== null && this.#session.status === 'ready' && this.#session.chat(this._activeRoom) !== undefined;
    return html`${floating ? this.#renderLauncher() : nothing}
      <div
        class="frame ${this._wide ? 'wide' : 'narrow'} ${room ? 'in-room' : ''}"
        part="panel"
        ?hidden=${floating && !this.open}
        role=${floating ? 'dialog' : nothing}
        aria-label=${floating ? this.#t.panelTitle : nothing}
        @keydown=${(event: KeyboardEvent) => this.#onPanelKeydown(event)}
      >
        ${floating
          ? html`<div class="panel-bar" part="panel-bar">
              <span class="panel-title">${this.#t.panelTitle}</span>
              <button class="icon" aria-label=${this.#t.closeChat} @click=${() => this.#toggleOpen()}>
                <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20"><path fill="currentColor" d="M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z" /></svg>
              </button>
            </div>`
          : nothing}
        ${this.#renderBanner()} ${this.#renderBody()}
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
