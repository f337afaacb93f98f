// The conversation pane: header with presence and typing, the message log grouped by day and sender, the composer.

import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Chat, Me, Message, PendingMessage } from '@ichat/sdk';
import { renderAvatar } from './avatar.js';
import { chatName, memberName, typingText } from './chat-names.js';
import type { FailedSend, RoomHistory } from './chat-session.js';
import { groupMessages, type SenderRun } from './message-groups.js';
import { renderMessageText } from './message-text.js';
import { dayLabel, fullLabel, timeLabel } from './time-format.js';
import { fill, type WidgetStrings } from './widget-strings.js';

/** One line of the log: a stored message, a send still in the outbox, or one the server refused. */
type LogItem =
  | { kind: 'message'; key: string; senderId: number; createdAt: number; breakBefore: boolean; message: Message }
  | { kind: 'pending'; key: string; senderId: number; createdAt: number; pending: PendingMessage }
  | { kind: 'failed'; key: string; senderId: number; createdAt: number; failed: FailedSend };

export interface ConversationProps {
  t: WidgetStrings;
  chat: Chat;
  user: Me;
  online: ReadonlySet<number>;
  history: RoomHistory | undefined;
  pending: readonly PendingMessage[];
  failed: readonly FailedSend[];
  typers: readonly string[];
  now: number;
  wide: boolean;
  newBelow: boolean;
  /** The read marker when the chat was opened, if anything was unread then: a divider marks where new messages start. */
  unreadAfter: number | null;
  confirmingDelete: number | null;
  back: () => void;
  loadOlder: () => void;
  jumpToBottom: () => void;
  scrolled: (event: Event) => void;
  edit: (message: Message) => void;
  askDelete: (seq: number | null) => void;
  confirmDelete: (seq: number) => void;
  retry: (clientMsgId: string) => void;
  discard: (clientMsgId: string) => void;
  cancel: (clientMsgId: string) => void;
}

function logItems(props: ConversationProps): LogItem[] {
  const me = props.user.id;
  const after = props.unreadAfter;
  const firstUnread =
    after === null ? undefined : props.history?.messages.find((m) => m.seq > after && m.senderId !== me && !m.deleted)?.seq;
  const items: LogItem[] = (props.history?.messages ?? []).map((message) => ({
    kind: 'message',
    key: `m${message.seq}`,
    senderId: message.senderId,
    createdAt: message.createdAt,
    breakBefore: message.seq === firstUnread,
    message,
  }));
  for (const failed of props.failed) items.push({ kind: 'failed', key: `p${failed.clientMsgId}`, senderId: me, createdAt: failed.createdAt, failed });
  // The ack's message can arrive a moment before the outbox lets go of the send: show it once.
  const delivered = new Set(props.history?.messages.map((message) => message.clientMsgId));
  for (const pending of props.pending) {
    if (!delivered.has(pending.clientMsgId)) items.push({ kind: 'pending', key: `p${pending.clientMsgId}`, senderId: me, createdAt: pending.createdAt, pending });
  }
  return items;
}

function subtitle(props: ConversationProps): string {
  const { t, chat } = props;
  const typing = typingText(props.typers, t);
  if (typing !== '') return typing;
  if (chat.kind === 'group') return fill(t.members, { count: chat.members.length });
  return chat.peer !== null && props.online.has(chat.peer.id) ? t.online : '';
}

function renderMeta(item: LogItem, props: ConversationProps): TemplateResult {
  const { t } = props;
  const time = html`<time datetime=${new Date(item.createdAt).toISOString()} title=${fullLabel(item.createdAt)}>${timeLabel(item.createdAt)}</time>`;
  if (item.kind === 'pending') {
    const queued = item.pending.state === 'queued';
    return html`<span class="meta">
      ${time} · <span class="state">${queued ? t.queued : t.sending}</span>
      ${queued ? html`<button class="quiet small" @click=${() => props.cancel(item.pending.clientMsgId)}>${t.cancel}</button>` : nothing}
    </span>`;
  }
  if (item.kind === 'failed') {
    return html`<span class="meta">
      <span class="state error">${t.failed}</span>
      <button class="quiet small" @click=${() => props.retry(item.failed.clientMsgId)}>${t.retry}</button>
      <button class="quiet small" @click=${() => props.discard(item.failed.clientMsgId)}>${t.delete}</button>
    </span>`;
  }
  const message = item.message;
  const mine = message.senderId === props.user.id;
  return html`<span class="meta">
    ${time}${message.editedAt !== null && !message.deleted ? html` · ${t.edited}` : nothing}
    ${mine && !message.deleted ? html`<span class="tick" title=${t.sent}><span aria-hidden="true">✓</span><span class="visually-hidden">${t.sent}</span></span>` : nothing}
  </span>`;
}

function renderActions(message: Message, props: ConversationProps): TemplateResult | typeof nothing {
  const { t } = props;
  if (message.senderId !== props.user.id || message.deleted) return nothing;
  if (props.confirmingDelete === message.seq) {
    return html`<span class="actions confirming" role="group" aria-label=${t.confirmDelete}>
      <span>${t.confirmDelete}</span>
      <button class="danger small confirm-delete" @click=${() => props.confirmDelete(message.seq)}>${t.delete}</button>
      <button class="quiet small" @click=${() => props.askDelete(null)}>${t.cancel}</button>
    </span>`;
  }
  return html`<span class="actions" role="group" aria-label=${t.messageActions}>
    <button class="quiet small edit" @click=${() => props.edit(message)}>${t.edit}</button>
    <button class="quiet small delete" @click=${() => props.askDelete(message.seq)}>${t.delete}</button>
  </span>`;
}

function renderItem(item: LogItem, sender: string, props: ConversationProps): TemplateResult {
  const { t } = props;
  const deleted = item.kind === 'message' && item.message.deleted;
  const text = item.kind === 'message' ? item.message.text : item.kind === 'pending' ? item.pending.text : item.failed.text;
  return html`<div
    class="msg ${item.kind} ${deleted ? 'deleted' : ''}"
    data-key=${item.key}
    data-seq=${item.kind === 'message' ? item.message.seq : nothing}
    tabindex="-1"
  >
    <p class="bubble" part="bubble"><span class="visually-hidden">${sender}: </span>${deleted ? t.deleted : renderMessageText(text)}</p>
    ${renderMeta(item, props)} ${item.kind === 'message' ? renderActions(item.message, props) : nothing}
  </div>`;
}

function renderRun(run: SenderRun<LogItem>, props: ConversationProps): TemplateResult {
  const mine = run.senderId === props.user.id;
  const sender = mine ? props.t.you : memberName(props.chat, run.senderId);
  const showName = !mine && props.chat.kind === 'group';
  return html`<div class="run ${mine ? 'mine' : 'theirs'}">
    ${run.items[0]?.kind === 'message' && run.items[0].breakBefore ? html`<p class="unread-divider"><span>${props.t.unreadDivider}</span></p>` : nothing}
    ${showName ? html`<span class="sender" aria-hidden="true">${sender}</span>` : nothing}
    ${repeat(run.items, (item) => item.key, (item) => renderItem(item, sender, props))}
  </div>`;
}

function renderLogTop(props: ConversationProps): TemplateResult | typeof nothing {
  const { t, history } = props;
  if (history === undefined || !history.loaded) return html`<p class="log-note" role="status">${t.connecting}</p>`;
  if (history.hasOlder) {
    return html`<button class="quiet load-older" ?disabled=${history.loadingOlder} @click=${props.loadOlder}>
      ${history.loadingOlder ? t.loadingOlder : t.loadOlder}
    </button>`;
  }
  return history.messages.length === 0 ? html`<p class="log-note">${t.noMessages}</p>` : html`<p class="log-note">${t.beginning}</p>`;
}

export function renderConversation(props: ConversationProps, composer: TemplateResult): TemplateResult {
  const { t, chat } = props;
  const name = chatName(chat);
  const online = chat.peer === null ? undefined : props.online.has(chat.peer.id);
  const days = groupMessages(logItems(props));
  return html`<section class="pane conversation" part="conversation" aria-labelledby="conversation-title">
    <header class="bar" part="header">
      ${props.wide
        ? nothing
        : html`<button class="icon back" aria-label=${t.back} @click=${props.back}>
            <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22"><path fill="currentColor" d="M15.4 5.4 14 4l-8 8 8 8 1.4-1.4L8.8 12z" /></svg>
          </button>`}
      ${renderAvatar(name, online, t.online)}
      <div class="title">
        <h2 id="conversation-title" tabindex="-1">${name}</h2>
        <span class="subtitle ${props.typers.length > 0 ? 'typing' : ''}">${subtitle(props)}</span>
      </div>
    </header>
    <div
      class="log"
      part="log"
      role="log"
      aria-live="polite"
      aria-label=${fill(t.messages, { name })}
      aria-busy=${props.history?.loadingOlder === true ? 'true' : 'false'}
      tabindex="0"
      @scroll=${props.scrolled}
    >
      ${renderLogTop(props)}
      ${repeat(
        days,
        (day) => day.day,
        (day) => html`<div class="day">
          <h3 class="day-label"><span>${dayLabel(day.day, props.now, t)}</span></h3>
          ${repeat(day.runs, (run) => run.items[0]?.key ?? '', (run) => renderRun(run, props))}
        </div>`,
      )}
    </div>
    ${props.newBelow
      ? html`<button class="pill" part="new-messages" @click=${props.jumpToBottom}>${t.newMessages} <span aria-hidden="true">↓</span></button>`
      : nothing}
    ${composer}
  </section>`;
}
