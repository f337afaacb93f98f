// Requests about messages: send (group-committed), edit, delete, history, search, read markers and typing.

import { IChatError, LIMITS, normaliseText, searchTermsOf, type Message, type RequestFrame, type Requests } from '@ichat/protocol';
import { toPublicUser } from '../auth/accounts.js';
import { blockedError } from './blocked-error.js';
import type { ChatDeps, ReadySession } from './chat-deps.js';
import { assertMember } from './member-check.js';
import type { MessageActions } from './message-actions.js';
import type { ReceiptHandlers } from './receipt-handlers.js';
import { rankMatches, SEARCH_WINDOW } from './search-ranking.js';

type Result<K extends keyof Requests> = Promise<Requests[K]['result']>;

const DEFAULT_HISTORY_PAGE = 50;
const DEFAULT_SEARCH_PAGE = 20;
const TYPING_THROTTLE_MS = 1000;

/** A user's message requests: who may do what, checked here; the change and its fan-out are {@link MessageActions}'. */
export class MessageHandlers {
  readonly #deps: ChatDeps;
  readonly #actions: MessageActions;
  readonly #receipts: ReceiptHandlers;

  constructor(deps: ChatDeps, actions: MessageActions, receipts: ReceiptHandlers) {
    this.#deps = deps;
    this.#actions = actions;
    this.#receipts = receipts;
  }

  async send(session: ReadySession, frame: RequestFrame<'message.send'>): Result<'message.send'> {
    assertMember(session, frame.roomId);
    const limited = session.messages.take(this.#deps.monotonicNow());
    if (!limited.ok) {
      throw new IChatError('rate_limited', 'Sending too fast; slow down', { retryAfterMs: limited.retryAfterMs });
    }
    const attachmentIds = frame.attachments ?? [];
    // A message of files alone may have no text; one without files must have some.
    const text = attachmentIds.length > 0 && frame.text.trim() === '' ? '' : normaliseText(frame.text);
    return this.#actions.post({
      roomId: frame.roomId,
      senderId: session.user.id,
      clientMsgId: frame.clientMsgId,
      text,
      attachmentIds,
      ...(frame.replyTo === undefined ? {} : { replyToSeq: frame.replyTo }),
    });
  }

  async edit(session: ReadySession, frame: RequestFrame<'message.edit'>): Result<'message.edit'> {
    await this.#ownMessage(session, frame.roomId, frame.seq);
    return { message: await this.#actions.edit(frame.roomId, frame.seq, session.user.id, normaliseText(frame.text)) };
  }

  async delete(session: ReadySession, frame: RequestFrame<'message.delete'>): Result<'message.delete'> {
    await this.#ownMessage(session, frame.roomId, frame.seq);
    return { message: await this.#actions.delete(frame.roomId, frame.seq) };
  }

  async history(session: ReadySession, frame: RequestFrame<'history'>): Result<'history'> {
    assertMember(session, frame.roomId);
    const query: { before?: number; after?: number; limit: number } = {
      limit: Math.min(frame.limit ?? DEFAULT_HISTORY_PAGE, LIMITS.historyPageMax),
    };
    if (frame.before !== undefined) query.before = frame.before;
    if (frame.after !== undefined) query.after = frame.after;
    const page = await this.#deps.store.messages.history(frame.roomId, query);
    return { messages: await this.#withMine(session, page.messages), hasMore: page.hasMore };
  }

  async changes(session: ReadySession, frame: RequestFrame<'message.changes'>): Result<'message.changes'> {
    assertMember(session, frame.roomId);
    const limit = Math.min(frame.limit ?? DEFAULT_HISTORY_PAGE, LIMITS.historyPageMax);
    const page = await this.#deps.store.messages.changes(frame.roomId, frame.after, limit);
    return { messages: await this.#withMine(session, page.messages), hasMore: page.hasMore };
  }

  /** The messages, each that has reactions with the caller's own (`myReactions`): only this reader's answers carry it. */
  async #withMine(session: ReadySession, messages: Message[]): Promise<Message[]> {
    const reacted = messages.filter((message) => message.reactions !== undefined).map((message) => message.id);
    if (reacted.length === 0) return messages;
    const mine = await this.#deps.store.messages.reactionsOf(session.user.id, reacted);
    return messages.map((message) => (message.reactions === undefined ? message : { ...message, myReactions: mine.get(message.id) ?? [] }));
  }

  /**
   * Searches the caller's rooms, or one of them: membership is checked here, so the store sees only readable rooms.
   * The store returns the most recent matches; they are ranked here and the page cut from them.
   */
  async search(session: ReadySession, frame: RequestFrame<'message.search'>): Result<'message.search'> {
    if (frame.roomId !== undefined) assertMember(session, frame.roomId);
    const terms = searchTermsOf(frame.query);
    const recent = await this.#deps.store.search.recentMatches({
      terms,
      roomIds: frame.roomId === undefined ? [...session.rooms] : [frame.roomId],
      limit: SEARCH_WINDOW,
    });
    const ranked = rankMatches(recent, terms);
    const offset = frame.offset ?? 0;
    const end = offset + (frame.limit ?? DEFAULT_SEARCH_PAGE);
    return { hits: ranked.slice(offset, end), hasMore: ranked.length > end };
  }

  async read(session: ReadySession, frame: RequestFrame<'read'>): Result<'read'> {
    assertMember(session, frame.roomId);
    const marker = await this.#deps.store.messages.markRead(frame.roomId, session.user.id, frame.seq);
    const result = { roomId: frame.roomId, ...marker };
    this.#deps.hub.publishToUser(session.user.id, 'read', result);
    await this.#receipts.announce(session, frame.roomId, marker.readSeq);
    return result;
  }

  async typing(session: ReadySession, frame: RequestFrame<'typing'>): Result<'typing'> {
    assertMember(session, frame.roomId);
    const now = this.#deps.monotonicNow();
    const last = session.typingAt?.get(frame.roomId);
    // Keystrokes arrive far faster than anyone needs to be told; one broadcast a second per room is plenty. A block is
    // checked only for the frames that would be broadcast, so the throttled ones cost no query.
    if (last === undefined || now - last >= TYPING_THROTTLE_MS) {
      if (await this.#deps.store.moderation.blockedInDirectRoom(frame.roomId, session.user.id)) throw blockedError('roomId');
      (session.typingAt ??= new Map()).set(frame.roomId, now);
      this.#deps.hub.publishToRoom(frame.roomId, 'typing', { roomId: frame.roomId, user: toPublicUser(session.user) });
    }
    return {};
  }

  async #ownMessage(session: ReadySession, roomId: number, seq: number): Promise<void> {
    assertMember(session, roomId);
    const message = await this.#deps.store.messages.find(roomId, seq);
    if (message === undefined || message.deleted) throw new IChatError('not_found', 'Message not found', { field: 'seq' });
    if (message.senderId !== session.user.id) {
      throw new IChatError('forbidden', 'You can only change your own messages', { field: 'seq' });
    }
  }
}
