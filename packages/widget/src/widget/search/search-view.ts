// The search results in place of the chat list: each found message with its chat, sender, time and matched words.

import { html, nothing, type TemplateResult } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import { chatName, memberName } from '../shared/chat-names.js';
import { fullLabel, listTimeLabel } from '../shared/time-format.js';
import type { ViewEnv } from '../shared/view-env.js';
import { fill } from '../shared/widget-strings.js';
import { excerptRuns } from './search-excerpt.js';
import type { SearchController, SearchHit } from './search-controller.js';

function renderHit(hit: SearchHit, index: number, search: SearchController, { t, now }: ViewEnv, me: number | undefined): TemplateResult {
  const { message } = hit;
  const chat = search.chat(message.roomId);
  // In a direct chat the chat's name already says who wrote a message that is not mine.
  const sender =
    message.senderId === null ? '' : message.senderId === me ? t.you : chat?.kind === 'direct' ? '' : memberName(chat, message.senderId);
  // Built from the ranges as text and <mark> runs: the message is never parsed as markup.
  const runs = excerptRuns(message.text, hit.highlights);
  return html`<li>
    <button
      class="search-hit"
      part="search-hit"
      data-room=${message.roomId}
      data-seq=${message.seq}
      @click=${() => search.pick(hit)}
      @keydown=${(event: KeyboardEvent) => search.keydown(event, index)}
    >
      <span class="chat-top">
        <span class="chat-name">${chat === undefined ? '' : chatName(chat)}</span>
        <time class="chat-time" datetime=${new Date(message.createdAt).toISOString()} title=${fullLabel(message.createdAt)}
          >${listTimeLabel(message.createdAt, now, t)}</time
        >
      </span>
      ${sender === '' ? nothing : html`<span class="hit-sender">${sender}</span>`}
      <span class="hit-text">${runs.map((run) => (run.match ? html`<mark>${run.text}</mark>` : run.text))}</span>
    </button>
  </li>`;
}

function statusText(search: SearchController, { t }: ViewEnv): string {
  if (search.status === 'searching' && search.hits.length === 0) return t.searching;
  if (search.status === 'failed') return '';
  if (search.hits.length === 0) return t.searchNone;
  if (search.hits.length === 1 && !search.hasMore) return t.searchFoundOne;
  // More to load: "20+ messages found".
  return fill(t.searchFound, { count: search.hasMore ? `${search.hits.length}+` : search.hits.length });
}

export function renderSearchResults(search: SearchController, env: ViewEnv): TemplateResult {
  const { t } = env;
  const me = search.me;
  return html`<div class="search-results">
    <div class="search-bar">
      <span role="status">${statusText(search, env)}</span>
      <button class="quiet small search-clear" @click=${() => search.clear()}>${t.searchClear}</button>
    </div>
    ${search.error === '' ? nothing : html`<p class="error" role="alert">${search.error}</p>`}
    ${search.hits.length === 0
      ? nothing
      : html`<ul class="search-hits" role="list" aria-label=${t.search}>
          ${repeat(search.hits, (hit) => `${hit.message.roomId}:${hit.message.seq}`, (hit, index) => renderHit(hit, index, search, env, me))}
        </ul>`}
    ${search.hasMore
      ? html`<button class="quiet search-more" ?disabled=${search.status === 'searching'} @click=${() => search.more()}>
          ${search.status === 'searching' ? t.loadingOlder : t.searchMore}
        </button>`
      : nothing}
  </div>`;
}
