// The conversation pane: header with presence and typing, the message log grouped by day and sender, the composer.

import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Chat, Me, Message, OutboxEntry } from '@ichat/sdk';
import { renderAvatar } from '../shared/avatar.js';
import { bellIcon } from '../shared/bell-icon.js';
import { chatName, memberName, typingText } from '../shared/chat-names.js';
import { dayLabel, fullLabel, timeLabel } from '../shared/time-format.js';
import type { ViewEnv } from '../shared/view-env.js';
import { fill, type WidgetStrings } from '../shared/widget-strings.js';
import type { FailedSend } from './failed-sends.js';
import { groupMessages, type SenderRun } from './message-groups.js';
import { renderMessageText } from './message-text.js';
import type { RoomHistory } from './room-histories.js';

/**
 * The run key of system messages (`senderId: null`), so they group apart from everyone's: user ids start at 1, so 0 is
 * nobody's.
 */
const SYSTEM_SENDER = 0;

/** One line of the log: a stored message, a send still in the outbox, or one the server refused. */
type LogItem =
  | { kind: 'message'; key: string; senderId: number; createdAt: number; breakBefore: boolean; message: Message }
  | { kind: 'pending'; key: string; senderId: number; createdAt: number; pending: OutboxEntry }
  | { kind: 'failed'; key: string; senderId: number; createdAt: number; failed: FailedSend };

/** The open room as the pane shows it. */
export interface OpenRoom {
  chat: Chat;
  me: Me;
  online: ReadonlySet<number>;
  history: RoomHistory | undefined;
  pending: readonly OutboxEntry[];
  failed: readonly FailedSend[];
  typers: readonly string[];
}

/** The pane's own state and what the reader can do in it. */
export interface ConversationPane {
  readonly newBelow: boolean;
  /** The read marker when the chat was opened, if anything was unread then: a divider marks where new messages start. */
  readonly unreadAfter: number | null;
  readonly confirmingDelete: number | null;
  back(): void;
  loadOlder(): void;
  jumpToBottom(): void;
  scrolled(): void;
  edit(message: Message): void;
  /** Answer a message: the next send quotes it. */
  reply(message: Message): void;
  /** Open a message's emoji menu. */
  react(message: Message): void;
  /** A reply's quote (`quote`), or a message's reaction chips and emoji menu, once the part is loaded. */
  reactions(message: Message, room: OpenRoom, t: WidgetStrings, quote: boolean): TemplateResult | typeof nothing;
  askDelete(seq: number | null): void;
  confirmDelete(seq: number): void;
  retry(clientMsgId: string): void;
  discard(clientMsgId: string): void;
  cancel(clientMsgId: string): void;
  /** Mutes the open room, or unmutes it. */
  toggleMute(): void;
  /** Someone else's message: open the report dialog. */
  report(message: Message): void;
  /** A direct chat's options: block or unblock the peer. */
  chatOptions(): void;
  /** Read receipts under the reader's newest message someone read, once their part is loaded. */
  seen(room: OpenRoom, t: WidgetStrings): SeenMark | undefined;
  /** A message's files (previews and cards), once the attachment part is loaded. */
  attachments(message: Message): TemplateResult | typeof nothing;
  /** Files dropped on the conversation, for the next message. */
  dropFiles(files: readonly File[]): void;
}

/** What every piece of the log reads. */
interface LogContext {
  room: OpenRoom;
  pane: ConversationPane;
  t: WidgetStrings;
  seen: SeenMark | undefined;
}

/** Where "Seen" shows (under the newest of the reader's own messages someone has read) and what it reads. */
export interface SeenMark {
  seq: number;
  view: TemplateResult;
}

function logItems(room: OpenRoom, unreadAfter: number | null): LogItem[] {
  const me = room.me.id;
  const messages = room.history?.messages ?? [];
  const firstUnread =
    unreadAfter === null ? undefined : messages.find((m) => m.seq > unreadAfter && m.senderId !== me && !m.deleted)?.seq;
  const items: LogItem[] = messages.map((message) => ({
    kind: 'message',
    key: `m${message.seq}`,
    senderId: message.senderId ?? SYSTEM_SENDER,
    createdAt: message.createdAt,
    breakBefore: message.seq === firstUnread,
    message,
  }));
  for (const failed of room.failed) items.push({ kind: 'failed', key: `p${failed.clientMsgId}`, senderId: me, createdAt: failed.createdAt, failed });
  // The ack's message can arrive a moment before the outbox lets go of the send: show it once.
  const delivered = new Set(messages.map((message) => message.clientMsgId));
  for (const pending of room.pending) {
    if (!delivered.has(pending.clientMsgId)) items.push({ kind: 'pending', key: `p${pending.clientMsgId}`, senderId: me, createdAt: pending.createdAt, pending });
  }
  return items;
}

/** Whether a drag carries files: then the conversation takes the drop (the browser would otherwise open the file). */
function dropTarget(event: DragEvent): boolean {
  if (event.dataTransfer?.types.includes('Files') !== true) return false;
  event.preventDefault();
  return true;
}

function subtitle(room: OpenRoom, t: WidgetStrings): string {
  const { chat } = room;
  const typing = typingText(room.typers, t);
  if (typing !== '') return typing;
  if (chat.kind === 'group') return fill(t.members, { count: chat.members.length });
  return chat.peer !== null && room.online.has(chat.peer.id) ? t.online : '';
}

function renderMeta(item: LogItem, context: LogContext): TemplateResult {
  const { room, pane, t } = context;
  const time = html`<time datetime=${new Date(item.createdAt).toISOString()} title=${fullLabel(item.createdAt)}>${timeLabel(item.createdAt)}</time>`;
  if (item.kind === 'pending') {
    const queued = item.pending.state === 'queued';
    return html`<span class="meta">
      ${time} · <span class="state">${queued ? t.queued : t.sending}</span>
      ${queued ? html`<button class="quiet small" @click=${() => pane.cancel(item.pending.clientMsgId)}>${t.cancel}</button>` : nothing}
    </span>`;
  }
  if (item.kind === 'failed') {
    return html`<span class="meta">
      <span class="state error">${t.failed}</span>
      <button class="quiet small" @click=${() => pane.retry(item.failed.clientMsgId)}>${t.retry}</button>
      <button class="quiet small" @click=${() => pane.discard(item.failed.clientMsgId)}>${t.delete}</button>
    </span>`;
  }
  const message = item.message;
  const mine = message.senderId === room.me.id;
  return html`<span class="meta">
    ${time}${message.editedAt !== null && !message.deleted ? html` · ${t.edited}` : nothing}
    ${mine && !message.deleted ? html`<span class="tick" title=${t.sent}><span aria-hidden="true">✓</span><span class="visually-hidden">${t.sent}</span></span>` : nothing}
  </span>${context.seen?.seq === message.seq ? context.seen.view : nothing}`;
}

function renderActions(message: Message, { room, pane, t }: LogContext): TemplateResult | typeof nothing {
  if (message.deleted) return nothing;
  const answer = html`<button class="quiet small reply" @click=${() => pane.reply(message)}>${t.reply}</button>
    <button class="quiet small react" @click=${() => pane.react(message)}>${t.react}</button>`;
  if (message.senderId !== room.me.id) {
    return html`<span class="actions" role="group" aria-label=${t.messageActions}>
      ${answer}<button class="quiet small report" @click=${() => pane.report(message)}>${t.report}</button>
    </span>`;
  }
  if (pane.confirmingDelete === message.seq) {
    return html`<span class="actions confirming" role="group" aria-label=${t.confirmDelete}>
      <span>${t.confirmDelete}</span>
      <button class="danger small confirm-delete" @click=${() => pane.confirmDelete(message.seq)}>${t.delete}</button>
      <button class="quiet small" @click=${() => pane.askDelete(null)}>${t.cancel}</button>
    </span>`;
  }
  return html`<span class="actions" role="group" aria-label=${t.messageActions}>
    ${answer}<button class="quiet small edit" @click=${() => pane.edit(message)}>${t.edit}</button>
    <button class="quiet small delete" @click=${() => pane.askDelete(message.seq)}>${t.delete}</button>
  </span>`;
}

function renderItem(item: LogItem, sender: string, context: LogContext): TemplateResult {
  const { t, pane, room } = context;
  const message = item.kind === 'message' ? item.message : undefined;
  const deleted = message?.deleted === true;
  const text = item.kind === 'message' ? item.message.text : item.kind === 'pending' ? item.pending.text : item.failed.text;
  // A message of files alone has no bubble: its files stand for it.
  const bubble =
    text === '' && !deleted
      ? html`<span class="visually-hidden">${sender}: </span>`
      : html`<p class="bubble" part="bubble"><span class="visually-hidden">${sender}: </span>${deleted ? t.deleted : renderMessageText(text, item.kind === 'message' && item.message.mentions?.includes(context.room.me.id) === true ? context.room.me.username : undefined)}</p>`;
  return html`<div
    class="msg ${item.kind} ${deleted ? 'deleted' : ''}"
    data-key=${item.key}
    data-seq=${item.kind === 'message' ? item.message.seq : nothing}
    tabindex="-1"
  >
    ${message === undefined || deleted ? nothing : pane.reactions(message, room, t, true)}${bubble}${message === undefined ? nothing : pane.attachments(message)}
    ${message === undefined || deleted ? nothing : pane.reactions(message, room, t, false)} ${renderMeta(item, context)} ${item.kind === 'message' ? renderActions(item.message, context) : nothing}
  </div>`;
}

/**
 * A system message (the host site's notice, such as "Order #42 shipped"): a centred, muted line with no sender, no
 * bubble and no actions. Plain text only, never HTML, like every message.
 */
function renderSystemLine(item: LogItem, t: WidgetStrings): TemplateResult | typeof nothing {
  if (item.kind !== 'message') return nothing;
  const { message } = item;
  return html`<p class="system-line ${message.deleted ? 'deleted' : ''}" part="system-message" data-key=${item.key} data-seq=${message.seq} tabindex="-1">
    <span>${message.deleted ? t.deleted : message.text}</span>
  </p>`;
}

function renderRun(run: SenderRun<LogItem>, context: LogContext): TemplateResult {
  const { room, t } = context;
  if (run.senderId === SYSTEM_SENDER) {
    return html`<div class="run system">
      ${run.items[0]?.kind === 'message' && run.items[0].breakBefore ? html`<p class="unread-divider"><span>${t.unreadDivider}</span></p>` : nothing}
      ${repeat(run.items, (item) => item.key, (item) => renderSystemLine(item, t))}
    </div>`;
  }
  const mine = run.senderId === room.me.id;
  const sender = mine ? t.you : memberName(room.chat, run.senderId);
  const showName = !mine && room.chat.kind === 'group';
  return html`<div class="run ${mine ? 'mine' : 'theirs'}">
    ${run.items[0]?.kind === 'message' && run.items[0].breakBefore ? html`<p class="unread-divider"><span>${t.unreadDivider}</span></p>` : nothing}
    ${showName ? html`<span class="sender" aria-hidden="true">${sender}</span>` : nothing}
    ${repeat(run.items, (item) => item.key, (item) => renderItem(item, sender, context))}
  </div>`;
}

function renderLogTop(history: RoomHistory | undefined, pane: ConversationPane, t: WidgetStrings): TemplateResult | typeof nothing {
  if (history === undefined || !history.loaded) return html`<p class="log-note" role="status">${t.connecting}</p>`;
  if (history.hasOlder) {
    return html`<button class="quiet load-older" ?disabled=${history.loadingOlder} @click=${() => pane.loadOlder()}>
      ${history.loadingOlder ? t.loadingOlder : t.loadOlder}
    </button>`;
  }
  return history.messages.length === 0 ? html`<p class="log-note">${t.noMessages}</p>` : html`<p class="log-note">${t.beginning}</p>`;
}

export function renderConversation(room: OpenRoom, pane: ConversationPane, { t, now, wide }: ViewEnv, composer: TemplateResult): TemplateResult {
  const { chat } = room;
  const name = chatName(chat);
  const online = chat.peer === null ? undefined : room.online.has(chat.peer.id);
  const days = groupMessages(logItems(room, pane.unreadAfter));
  const context: LogContext = { room, pane, t, seen: pane.seen(room, t) };
  return html`<section
    class="pane conversation"
    part="conversation"
    aria-labelledby="conversation-title"
    @dragover=${(event: DragEvent) => dropTarget(event)}
    @drop=${(event: DragEvent) => {
      if (!dropTarget(event)) return;
      pane.dropFiles([...(event.dataTransfer?.files ?? [])]);
    }}
  >
    <header class="bar" part="header">
      ${wide
        ? nothing
        : html`<button class="icon back" aria-label=${t.back} @click=${() => pane.back()}>
            <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22"><path fill="currentColor" d="M15.4 5.4 14 4l-8 8 8 8 1.4-1.4L8.8 12z" /></svg>
          </button>`}
      ${renderAvatar(name, online, t.online, chat.peer?.avatarUrl)}
      <div class="title">
        <h2 id="conversation-title" tabindex="-1">${name}</h2>
        <span class="subtitle ${room.typers.length > 0 ? 'typing' : ''}">${subtitle(room, t)}</span>
      </div>
      <button class="icon mute" aria-pressed=${chat.muted ? 'true' : 'false'} aria-label=${t.mute} @click=${() => pane.toggleMute()}>
        ${bellIcon(chat.muted)}
      </button>
      ${chat.peer === null
        ? nothing
        : html`<button class="icon chat-options" aria-label=${t.chatOptions} @click=${() => pane.chatOptions()}>
            <span aria-hidden="true">⋮</span>
          </button>`}
    </header>
    <div
      class="log"
      part="log"
      role="log"
      aria-live="polite"
      aria-label=${fill(t.messages, { name })}
      aria-busy=${room.history?.loadingOlder === true ? 'true' : 'false'}
      tabindex="0"
      @scroll=${() => pane.scrolled()}
    >
      ${renderLogTop(room.history, pane, t)}
      ${repeat(
        days,
        (day) => day.day,
        (day) => html`<div class="day">
          <h3 class="day-label"><span>${dayLabel(day.day, now, t)}</span></h3>
          ${repeat(day.runs, (run) => run.items[0]?.key ?? '', (run) => renderRun(run, context))}
        </div>`,
      )}
    </div>
    ${pane.newBelow
      ? html`<button class="pill" part="new-messages" @click=${() => pane.jumpToBottom()}>${t.newMessages} <span aria-hidden="true">↓</span></button>`
      : nothing}
    ${composer}
  </section>`;
}
