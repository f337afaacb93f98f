// Requests about messages: send (group-committed), edit, delete, history, read markers and typing.

import { IChatError, LIMITS, normaliseText, type RequestFrame, type Requests } from '@ichat/protocol';
import { toPublicUser } from '../auth/accounts.js';
import type { ChatDeps, ReadySession } from './chat-deps.js';
import type { CommitQueue } from './commit-queue.js';

type Result<K extends keyof Requests> = Promise<Requests[K]['result']>;

const DEFAULT_HISTORY_PAGE = 50;
const TYPING_THROTTLE_MS = 1000;

export class MessageHandlers {
  readonly #deps: ChatDeps;
  readonly #commits: CommitQueue;

  constructor(deps: ChatDeps, commits: CommitQueue) {
    this.#deps = deps;
    this.#commits = commits;
  }

  async send(session: ReadySession, frame: RequestFrame<'message.send'>): Result<'message.send'> {
    assertMember(session, frame.roomId);
    const limited = session.messages.take(this.#deps.monotonicNow());
    if (!limited.ok) {
      throw new IChatError('rate_limited', 'Sending too fast; slow down', { retryAfterMs: limited.retryAfterMs });
    }
    const text = normaliseText(frame.text);
    const result = await this.#commits.enqueue({
      roomId: frame.roomId,
      senderId: session.user.id,
      clientMsgId: frame.clientMsgId,
      text,
      createdAt: this.#deps.now(),
    });
    // Broadcast only what was committed now; a duplicate was broadcast when it was first stored.
    if (!result.duplicate) this.#deps.hub.publishToRoom(frame.roomId, 'message', { message: result.message });
    return result;
  }

  async edit(session: ReadySession, frame: RequestFrame<'message.edit'>): Result<'message.edit'> {
    await this.#ownMessage(session, frame.roomId, frame.seq);
    const text = normaliseText(frame.text);
    const message = await this.#deps.store.messages.edit(frame.roomId, frame.seq, text, this.#deps.now());
    this.#deps.hub.publishToRoom(frame.roomId, 'message.updated', { message });
    return { message };
  }

  async delete(session: ReadySession, frame: RequestFrame<'message.delete'>): Result<'message.delete'> {
    await this.#ownMessage(session, frame.roomId, frame.seq);
    const message = await this.#deps.store.messages.delete(frame.roomId, frame.seq, this.#deps.now());
    this.#deps.hub.publishToRoom(frame.roomId, 'message.updated', { message });
    return { message };
  }

  history(session: ReadySession, frame: RequestFrame<'history'>): Result<'history'> {
    assertMember(session, frame.roomId);
    const query: { before?: number; after?: number; limit: number } = {
      limit: Math.min(frame.limit ?? DEFAULT_HISTORY_PAGE, LIMITS.historyPageMax),
    };
    if (frame.before !== undefined) query.before = frame.before;
    if (frame.after !== undefined) query.after = frame.after;
    return this.#deps.store.messages.history(frame.roomId, query);
  }

  async read(session: ReadySession, frame: RequestFrame<'read'>): Result<'read'> {
    assertMember(session, frame.roomId);
    const marker = await this.#deps.store.messages.markRead(frame.roomId, session.user.id, frame.seq);
    const result = { roomId: frame.roomId, readSeq: marker.readSeq, unread: marker.unread };
    this.#deps.hub.publishToUser(session.user.id, 'read', result);
    return result;
  }

  typing(session: ReadySession, frame: RequestFrame<'typing'>): Result<'typing'> {
    assertMember(session, frame.roomId);
    const now = this.#deps.monotonicNow();
    const last = session.typingAt.get(frame.roomId);
    // Keystrokes arrive far faster than anyone needs to be told; one broadcast a second per room is plenty.
    if (last === undefined || now - last >= TYPING_THROTTLE_MS) {
      session.typingAt.set(frame.roomId, now);
      this.#deps.hub.publishToRoom(frame.roomId, 'typing', { roomId: frame.roomId, user: toPublicUser(session.user) });
    }
    return Promise.resolve({});
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

/** Refuses rooms the session's user is not in, with the same answer whether or not the room exists. */
function assertMember(session: ReadySession, roomId: number): void {
  if (!session.rooms.has(roomId)) {
    throw new IChatError('forbidden', 'You are not a member of this room', { field: 'roomId' });
  }
}
