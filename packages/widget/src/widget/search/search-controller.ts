// Message search's state: the query typed in the chat list's search box, the hits found so far, loading and errors.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { IChatError, type Chat, type IChatClient, type Unsubscribe } from '@ichat/sdk';
import type { SessionController, SessionPart } from '../session/session-controller.js';
import type { FocusRequest } from '../shared/focus-request.js';
import type { WidgetStrings } from '../shared/widget-strings.js';
import { adoptPartStyles } from '../shared/part-styles.js';
import { searchCss } from './search-styles.js';

/** One found message and the ranges of its text that matched. */
export type SearchHit = Awaited<ReturnType<IChatClient['search']>>['hits'][number];

/** How long typing must pause before the query is sent (ms). */
const DEBOUNCE_MS = 250;
/** Hits asked for at a time. */
const PAGE = 20;

export type SearchStatus = 'idle' | 'searching' | 'done' | 'failed';

/** What search asks of the element around it. */
export interface SearchOptions {
  session: SessionController;
  focus: FocusRequest;
  strings(): WidgetStrings;
  /** A result was picked: open its room at the message. */
  pick(roomId: number, seq: number): void;
}

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

/** The message for a refused search: the query's rule for `validation_failed`, else the network or a generic one. */
export function searchError(error: unknown, t: WidgetStrings): string {
  if (!(error instanceof IChatError)) return t.errors.network;
  if (error.code === 'validation_failed') return t.errors.searchQuery;
  return error.retryable ? t.errors.network : t.errors.generic;
}

export class SearchController implements ReactiveController, SessionPart {
  query = '';
  hits: SearchHit[] = [];
  hasMore = false;
  status: SearchStatus = 'idle';
  error = '';
  readonly #host: Host;
  readonly #options: SearchOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts requests, so an answer to an older query (or page) than the newest is dropped. */
  #generation = 0;

  constructor(host: Host, options: SearchOptions) {
    this.#host = host;
    this.#options = options;
    adoptPartStyles(host.renderRoot, searchCss);
    options.session.add(this);
    host.addController(this);
  }

  /** Whether results show in place of the chat list: the box holds more than spaces. */
  get active(): boolean {
    return this.query.trim() !== '';
  }

  /** The signed-in user's id, to name their own messages "You". */
  get me(): number | undefined {
    return this.#options.session.user?.id;
  }

  /** A found message's chat, from the live chat list. */
  chat(roomId: number): Chat | undefined {
    return this.#options.session.client?.chats.find((chat) => chat.roomId === roomId);
  }

  get #box(): HTMLInputElement | null {
    return this.#host.renderRoot.querySelector('input.search');
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }

  /** The search box's events: typing searches after a pause, Escape clears, the down arrow moves into the results. */
  handle(event: Event): void {
    // Read from the element: an event handled after the part loaded has lost its target by then.
    const box = this.#box;
    if (box === null) return;
    if (event.type === 'input') this.#typed(box.value);
    if (!(event instanceof KeyboardEvent)) return;
    if (event.key === 'Escape' && this.active) {
      // Handled here: a floating panel must not close too.
      event.preventDefault();
      this.clear();
    } else if (event.key === 'ArrowDown' && this.hits.length > 0) {
      event.preventDefault();
      this.#focusHit(0);
    }
  }

  /** Empties the box and shows the chat list again, focus back in the box. */
  clear(): void {
    this.#empty();
    this.#options.focus.request('input.search');
  }

  #empty(): void {
    const box = this.#box;
    if (box !== null) box.value = '';
    this.#typed('');
  }

  /** Arrow keys and Home/End move between results; Escape goes back to the box. */
  keydown(event: KeyboardEvent, index: number): void {
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: this.hits.length - 1 };
    const to = moves[event.key];
    if (event.key === 'Escape') {
      event.preventDefault();
      this.clear();
    } else if (to !== undefined) {
      event.preventDefault();
      if (to < 0) this.#box?.focus();
      else this.#focusHit(Math.min(to, this.hits.length - 1));
    }
  }

  pick(hit: SearchHit): void {
    this.#options.pick(hit.message.roomId, hit.message.seq);
  }

  /** Asks for the next page of hits. */
  more(): void {
    if (this.status !== 'searching') void this.#run(this.hits.length);
  }

  /** Search reads the client at each query, and listens to nothing. */
  attach(): Unsubscribe[] {
    return [];
  }

  /** A new session: another user's results must not show. */
  reset(): void {
    this.#empty();
  }

  #focusHit(index: number): void {
    this.#host.renderRoot.querySelectorAll<HTMLElement>('.search-hit')[index]?.focus();
  }

  #typed(value: string): void {
    clearTimeout(this.#timer);
    this.query = value;
    this.#generation += 1;
    this.hits = [];
    this.hasMore = false;
    this.error = '';
    this.status = this.active ? 'searching' : 'idle';
    if (this.active) this.#timer = setTimeout(() => void this.#run(0), DEBOUNCE_MS);
    this.#host.requestUpdate();
  }

  async #run(offset: number): Promise<void> {
    const generation = (this.#generation += 1);
    const client = this.#options.session.client;
    this.status = 'searching';
    this.error = '';
    this.#host.requestUpdate();
    try {
      if (client === undefined) throw new Error('no session');
      const page = await client.search(this.query, { limit: PAGE, offset });
      if (generation !== this.#generation) return;
      this.hits = [...this.hits, ...page.hits];
      this.hasMore = page.hasMore;
      this.status = 'done';
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = searchError(error, this.#options.strings());
      this.status = 'failed';
    }
    this.#host.requestUpdate();
  }
}
