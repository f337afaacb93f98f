// The conversation pane's state: which room is open, where the reader is in its log, and the pending delete.

import { html, type nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { Chat, IChatClient, Message, Unsubscribe } from '@ichat/sdk';
import type { AttachmentsController } from '../attachments/attachments-controller.js';
import type { MentionsController } from '../mentions/mentions-controller.js';
import type { ReactionsController } from '../reactions/reactions-controller.js';
import type { RoomReceipts } from '../receipts/room-receipts.js';
import { ComposerController } from '../composer/composer-controller.js';
import { renderComposer } from '../composer/composer-view.js';
import type { LazyPart } from '../parts/lazy-parts.js';
import type { SessionController, SessionPart } from '../session/session-controller.js';
import type { FocusRequest } from '../shared/focus-request.js';
import type { TypingTracker } from '../shared/typing-tracker.js';
import type { ViewEnv } from '../shared/view-env.js';
import type { WidgetStrings } from '../shared/widget-strings.js';
import { renderConversation, type ConversationPane, type OpenRoom, type SeenMark } from './conversation-view.js';
import { FailedSends } from './failed-sends.js';
import { RoomHistories } from './room-histories.js';
import { isAtBottom, ScrollKeeper, TOP_SLACK } from './scroll-keeper.js';

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

/** What the pane asks of the element around it. */
export interface ConversationOptions {
  session: SessionController;
  focus: FocusRequest;
  typing: TypingTracker;
  /** Uploads, previews and the image viewer: a lazy part, loaded for the first file or message with files. */
  attachments: LazyPart<'attachments', AttachmentsController>;
  /** The composer's `@` autocomplete, loaded on the first `@` typed. */
  mentions: LazyPart<'mentions', MentionsController>;
  /** Replies and reactions, loaded for the first room showing one, or the first "Reply" or "React". */
  reactions: LazyPart<'reactions', ReactionsController>;
  /** Read receipts, loaded when the first room opens. */
  receipts: LazyPart<'receipts', RoomReceipts>;
  strings(): WidgetStrings;
  /** Whether the list and the conversation sit side by side. */
  wide(): boolean;
  /** Whether the panel is on screen (a closed floating panel is not). */
  shown(): boolean;
  /** A new message in any room, before the pane reacts to it. */
  message(message: Message, own: boolean): void;
  /** The reader asked to report someone else's message. */
  report(message: Message): void;
  /** The reader opened a direct chat's options (block or unblock its peer). */
  chatOptions(chat: Chat): void;
}

export class ConversationController implements ReactiveController, SessionPart, ConversationPane {
  activeRoom: number | null = null;
  newBelow = false;
  unreadAfter: number | null = null;
  confirmingDelete: number | null = null;
  readonly composer: ComposerController;
  readonly #host: Host;
  readonly #options: ConversationOptions;
  readonly #histories: RoomHistories;
  readonly #failed: FailedSends;
  readonly #scroll = new ScrollKeeper();
  readonly #onVisibility = (): void => this.markRead();
  /** A message to bring into view once its history is loaded (one picked from search results). */
  #jumpTo: number | null = null;
  /** Whether the attachment part was asked for, once a message with files showed (asked once: a failed load says so). */
  #attachmentsAsked = false;
  /** Whether the replies and reactions part was asked for, once a reply or a reaction showed (asked once too). */
  #reactionsAsked = false;

  constructor(host: Host, options: ConversationOptions) {
    this.#host = host;
    this.#options = options;
    this.#histories = new RoomHistories(host, options.session);
    this.#failed = new FailedSends(host, options.session);
    options.session.add(this);
    this.composer = new ComposerController(host, {
      session: options.session,
      focus: options.focus,
      strings: () => options.strings(),
      attachments: options.attachments,
      mentions: options.mentions,
      reactions: options.reactions,
      roomId: () => this.activeRoom,
      sent: () => {
        // Sent from a history short of the newest: load the newest, where the sent message shows.
        if (this.activeRoom !== null) void this.#histories.open(this.activeRoom);
        this.#scroll.toBottom(this.#log);
        this.newBelow = false;
      },
      edited: (message) => this.#histories.replace(message),
    });
    host.addController(this);
  }

  get #log(): HTMLElement | null {
    return this.#host.renderRoot.querySelector<HTMLElement>('.log');
  }

  get #client(): IChatClient | undefined {
    return this.#options.session.client;
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  hostUpdate(): void {
    // At the end of a history short of the newest, a newer page loads below the reader instead of pulling them along.
    this.#scroll.capture(this.#log, this.room?.history?.hasNewer !== true);
  }

  hostUpdated(): void {
    this.#scroll.restore(this.#log);
    if (!this.#attachmentsAsked && this.room?.history?.messages.some((message) => (message.attachments?.length ?? 0) > 0) === true) {
      this.#attachmentsAsked = true;
      this.#options.attachments.use(() => undefined);
    }
    if (!this.#reactionsAsked && this.room?.history?.messages.some((message) => message.replyTo !== undefined || (message.reactions?.length ?? 0) > 0) === true) {
      this.#reactionsAsked = true;
      this.#options.reactions.use(() => undefined);
    }
    const found = this.#jumpTo === null ? null : (this.#log?.querySelector<HTMLElement>(`[data-seq="${this.#jumpTo}"]`) ?? null);
    if (found === null) return;
    this.#jumpTo = null;
    found.scrollIntoView({ block: 'center' });
    // Focused, it is announced and marked a moment (the search part's styles).
    found.focus();
  }

  attach(client: IChatClient): Unsubscribe[] {
    return [
      client.on('message', (message) => {
        const own = message.senderId === client.user?.id;
        this.#options.message(message, own);
        if (message.roomId !== this.activeRoom) return;
        if (this.#scroll.stick) this.markRead();
        else if (!own) this.newBelow = true;
        this.#host.requestUpdate();
      }),
      client.on('outbox', () => this.#host.requestUpdate()),
    ];
  }

  reset(): void {
    this.activeRoom = null;
    this.newBelow = false;
  }

  /** Opens a room at its newest message, or with `seq` at that message, shown in the middle and marked briefly. */
  open(roomId: number, seq?: number): void {
    this.#jumpTo = seq ?? null;
    const otherRoom = this.activeRoom !== roomId;
    if (otherRoom || seq !== undefined) {
      const chat = this.#client?.chats.find((c) => c.roomId === roomId);
      this.activeRoom = roomId;
      this.unreadAfter = chat !== undefined && chat.unread > 0 ? chat.readSeq : null;
      this.newBelow = false;
      this.confirmingDelete = null;
      this.#scroll.stick = seq === undefined;
      if (otherRoom) {
        this.composer.leaveRoom();
        this.#options.receipts.use((receipts) => receipts.load(roomId));
      }
      this.#host.requestUpdate();
    }
    if (seq === undefined) this.#options.focus.request(this.#options.wide() ? 'textarea' : '#conversation-title');
    void this.#histories.open(roomId, seq).then(() => this.markRead());
  }

  /** Closes the room (the list alone shows), focusing its row in the list. */
  back(): void {
    const room = this.activeRoom;
    this.activeRoom = null;
    this.#options.focus.request(room === null ? '#list-title' : `.chat-item[data-room="${room}"]`);
    this.#host.requestUpdate();
  }

  /** Marks everything in the open room read, when the reader can see its newest messages and anything is unread. */
  markRead(): void {
    const roomId = this.activeRoom;
    const client = this.#client;
    if (roomId === null || client === undefined || !this.#options.shown() || document.visibilityState !== 'visible') return;
    const chat = client.chats.find((c) => c.roomId === roomId);
    // At the end of a history short of the newest (opened at a found message) is not having seen the newest.
    if (!this.#scroll.stick || chat === undefined || client.state !== 'open' || this.#histories.get(roomId)?.hasNewer !== false) return;
    if (chat.unread === 0 && chat.readSeq >= chat.lastSeq) return;
    client.markRead(roomId).catch(() => undefined);
  }

  loadOlder(): void {
    if (this.activeRoom !== null) void this.#histories.loadOlder(this.activeRoom);
  }

  scrolled(): void {
    const log = this.#log;
    if (log === null || this.activeRoom === null) return;
    this.#scroll.stick = isAtBottom(log);
    if (this.#scroll.stick) {
      if (this.newBelow) {
        this.newBelow = false;
        this.#host.requestUpdate();
      }
      this.markRead();
    }
    if (log.scrollTop < TOP_SLACK) this.loadOlder();
    // Opened at a found message: scrolling down loads the newer pages until the newest.
    if (log.scrollHeight - log.scrollTop - log.clientHeight < TOP_SLACK) void this.#histories.loadNewer(this.activeRoom);
  }

  jumpToBottom(): void {
    this.#scroll.toBottom(this.#log);
    this.newBelow = false;
    this.markRead();
    this.#host.requestUpdate();
  }

  /** Brings a message of the open room into view and marks it, as a search result is (a reply's quote). */
  jump(seq: number): void {
    if (this.activeRoom !== null) this.open(this.activeRoom, seq);
  }

  reply(message: Message): void {
    this.composer.cancelEdit();
    this.#options.reactions.use((reactions) => reactions.startReply(message));
  }

  react(message: Message): void {
    this.#options.reactions.use((reactions) => reactions.openMenu(message.seq));
  }

  reactions(message: Message, room: OpenRoom, t: WidgetStrings, quote: boolean): TemplateResult | typeof nothing {
    return this.#options.reactions.render(
      () => true,
      (part, reactions) => (quote ? part.renderQuote : part.renderReactions)(reactions, message, room, t),
    );
  }

  edit(message: Message): void {
    this.confirmingDelete = null;
    this.composer.startEdit(message);
  }

  /** Asks to confirm deleting a message (`null`: the reader said no), with focus on the next button to press. */
  askDelete(seq: number | null): void {
    const previous = this.confirmingDelete;
    this.confirmingDelete = seq;
    this.#options.focus.request(seq === null ? `.msg[data-seq="${previous ?? ''}"] .delete` : `.msg[data-seq="${seq}"] .confirm-delete`);
    this.#host.requestUpdate();
  }

  confirmDelete(seq: number): void {
    const roomId = this.activeRoom;
    this.confirmingDelete = null;
    this.#options.focus.request('textarea');
    this.#host.requestUpdate();
    if (roomId !== null) void this.#delete(roomId, seq);
  }

  async #delete(roomId: number, seq: number): Promise<void> {
    try {
      this.#histories.replace(await this.#options.session.require().delete(roomId, seq));
    } catch {
      this.composer.error = this.#options.strings().errors.generic;
      this.#host.requestUpdate();
    }
  }

  retry(clientMsgId: string): void {
    this.#failed.retry(clientMsgId);
  }

  discard(clientMsgId: string): void {
    this.#failed.discard(clientMsgId);
  }

  cancel(clientMsgId: string): void {
    this.#client?.cancel(clientMsgId);
  }

  toggleMute(): void {
    const chat = this.room?.chat;
    if (chat === undefined) return;
    // The list and this header follow the SDK's chat list, so a mute that failed (offline: the banner says so) simply
    // leaves the toggle as it was, which is the truth.
    this.#options.session.require().muteRoom(chat.roomId, !chat.muted).catch(() => undefined);
  }

  /** The room on screen now: open in the pane, with the panel shown and the page visible; else null. */
  get roomInView(): number | null {
    return this.#options.shown() && document.visibilityState === 'visible' ? this.activeRoom : null;
  }

  report(message: Message): void {
    this.#options.report(message);
  }

  chatOptions(): void {
    const chat = this.room?.chat;
    if (chat !== undefined) this.#options.chatOptions(chat);
  }

  seen(room: OpenRoom, t: WidgetStrings): SeenMark | undefined {
    return this.#options.receipts.controller?.seen(room.chat, room.me.id, room.history?.messages ?? [], t);
  }

  attachments(message: Message): TemplateResult | typeof nothing {
    return this.#options.attachments.render(() => true, (part, attachments) => part.renderMessageAttachments(attachments, message));
  }

  dropFiles(files: readonly File[]): void {
    this.composer.addFiles(files);
  }

  /** The open room, when there is one and it is still in the chat list. */
  get room(): OpenRoom | undefined {
    const roomId = this.activeRoom;
    const client = this.#client;
    const chat = roomId === null ? undefined : client?.chats.find((c) => c.roomId === roomId);
    const me = client?.user;
    if (chat === undefined || me === undefined || client === undefined) return undefined;
    return {
      chat,
      me,
      online: client.online,
      history: this.#histories.get(chat.roomId),
      pending: client.pending.filter((p) => p.roomId === chat.roomId),
      failed: this.#failed.in(chat.roomId),
      typers: this.#options.typing.typers(chat.roomId),
    };
  }

  render(env: ViewEnv): TemplateResult {
    const room = this.room;
    if (room === undefined) {
      return html`<section class="pane conversation placeholder" aria-hidden=${env.wide ? 'false' : 'true'}>
        <p class="empty">${env.t.pickChat}</p>
      </section>`;
    }
    // A fresh pane per room: the live region must not announce a whole history when switching chats.
    return html`${keyed(room.chat.roomId, renderConversation(room, this, env, renderComposer(
        this.composer,
        env.t,
        html`${this.#options.reactions.render(() => true, (part, reactions) => part.renderReplyBar(reactions, room.chat, room.me.id, env.t))}${this.#options.attachments.render(() => true, (part, attachments) => part.renderUploads(attachments))}`,
        this.#options.mentions.render(
          (mentions) => mentions.matches.length > 0,
          (part, mentions) => part.renderMentions(mentions, env.t, () => this.#host.renderRoot.querySelector('.composer textarea')),
        ),
      )))}`;
  }
}
