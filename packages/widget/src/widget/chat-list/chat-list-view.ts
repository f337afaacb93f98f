// The chat list pane: each room with its name, last message, time and unread badge, newest activity first.

import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Chat } from '@ichat/sdk';
import { renderAvatar } from '../shared/avatar.js';
import { bellIcon } from '../shared/bell-icon.js';
import { chatName, personName, previewText, typingText } from '../shared/chat-names.js';
import { listTimeLabel, fullLabel } from '../shared/time-format.js';
import type { ViewEnv } from '../shared/view-env.js';
import { fill } from '../shared/widget-strings.js';
import type { ChatListController } from './chat-list-controller.js';

function renderItem(chat: Chat, list: ChatListController, { t, now }: ViewEnv, activeRoom: number | null): TemplateResult {
  const name = chatName(chat);
  const online = chat.peer === null ? undefined : list.online.has(chat.peer.id);
  const typing = typingText(list.typers(chat.roomId), t);
  const preview = typing === '' ? previewText(chat, chat.lastMessage, list.user?.id, t) : typing;
  const active = chat.roomId === activeRoom;
  return html`<li>
    <button
      class="chat-item ${chat.unread > 0 ? 'has-unread' : ''} ${chat.muted ? 'muted' : ''}"
      part="chat-item"
      data-room=${chat.roomId}
      aria-current=${active ? 'true' : 'false'}
      @click=${() => list.openChat(chat.roomId)}
    >
      ${renderAvatar(name, online, t.online, chat.peer?.avatarUrl)}
      <span class="chat-text">
        <span class="chat-top">
          <span class="chat-name">${name}</span>
          <time class="chat-time" datetime=${new Date(chat.lastActivityAt).toISOString()} title=${fullLabel(chat.lastActivityAt)}
            >${listTimeLabel(chat.lastActivityAt, now, t)}</time
          >
        </span>
        <span class="chat-bottom">
          <span class="chat-preview ${typing === '' ? '' : 'typing'}">${preview}</span>
          ${chat.muted ? html`<span class="mute-mark">${bellIcon(true, 14)}<span class="visually-hidden">${t.muted}</span></span>` : nothing}
          ${chat.mentioned > 0
            ? html`<span class="badge" part="mentioned-badge"
                ><span aria-hidden="true">@</span><span class="visually-hidden">${fill(t.mentionedCount, { count: chat.mentioned })}</span></span
              >`
            : nothing}
          ${chat.unread > 0
            ? html`<span class="badge" part="unread-badge"
                ><span aria-hidden="true">${chat.unread > 99 ? '99+' : chat.unread}</span
                ><span class="visually-hidden">${fill(t.unreadCount, { count: chat.unread })}</span></span
              >`
            : nothing}
        </span>
      </span>
    </button>
  </li>`;
}

export function renderChatList(list: ChatListController, env: ViewEnv): TemplateResult {
  const { t } = env;
  const activeRoom = list.activeRoom;
  const search = list.search;
  const results = list.searchResults(env);
  return html`<section class="pane list-pane" part="chat-list" aria-labelledby="list-title">
    <header class="bar" part="header">
      <h2 id="list-title" tabindex="-1">${t.title}</h2>
      <button class="primary new-chat" @click=${() => list.newChat()}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18"><path fill="currentColor" d="M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z" /></svg>${t.newChat}
      </button>
    </header>
    ${list.notificationsButton(t)}
    <input class="search" type="search" part="search" aria-label=${t.search} placeholder=${t.search} @focus=${search} @input=${search} @keydown=${search} />
    ${results !== nothing
      ? results
      : list.chats.length === 0
      ? html`<p class="empty">${t.noChats}</p>`
      : html`<ul class="chats" role="list">${repeat(list.chats, (chat) => chat.roomId, (chat) => renderItem(chat, list, env, activeRoom))}</ul>`}
    <footer class="account">
      ${list.user === undefined ? nothing : renderAvatar(personName(list.user), undefined, t.online, list.user.avatarUrl)}
      <span class="me">${list.user === undefined ? '' : fill(t.signedInAs, { name: personName(list.user) })}</span>
      ${list.canEditProfile ? html`<button class="quiet edit-profile" @click=${() => list.editProfile()}>${t.editProfile}</button>` : nothing}
      <button class="quiet log-out" @click=${() => list.logOut()}>${t.logOut}</button>
    </footer>
  </section>`;
}
