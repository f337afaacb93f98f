// A user's moderation requests: blocking and unblocking users, listing blocks, and reporting messages.

import { IChatError, REPORT_CONTEXT_AROUND, REPORT_NOTE_MAX, type RequestFrame, type Requests } from '@ichat/protocol';
import { toPublicUser } from '../auth/accounts.js';
import type { ChatDeps, ReadySession } from './chat-deps.js';

type Result<K extends keyof Requests> = Promise<Requests[K]['result']>;

/** Blocks and reports: stored, then told to the user's other sessions, the blocked user's presence and the admins. */
export class ModerationHandlers {
  readonly #deps: ChatDeps;

  constructor(deps: ChatDeps) {
    this.#deps = deps;
  }

  /**
   * Blocks a user. The blocked user sees the blocker go offline at once (if they share a room), and the blocker's
   * other sessions learn of the block.
   */
  async block(session: ReadySession, frame: RequestFrame<'user.block'>): Result<'user.block'> {
    const { store, hub } = this.#deps;
    await this.#other(session, frame.userId);
    await store.moderation.block(session.user.id, frame.userId, this.#deps.now());
    hub.publishToUser(frame.userId, 'presence', { userId: session.user.id, online: false });
    hub.publishToUser(session.user.id, 'user.blocks', { userId: frame.userId, blocked: true });
    return { userId: frame.userId };
  }

  /** Lifts a block; the formerly blocked user sees the blocker's presence again if they share a room. */
  async unblock(session: ReadySession, frame: RequestFrame<'user.unblock'>): Result<'user.unblock'> {
    const { store, hub } = this.#deps;
    await this.#other(session, frame.userId);
    const lifted = await store.moderation.unblock(session.user.id, frame.userId);
    if (lifted && hub.presence.isOnline(session.user.id) && (await store.rooms.contactIdsOf(session.user.id)).includes(frame.userId)) {
      hub.publishToUser(frame.userId, 'presence', { userId: session.user.id, online: true });
    }
    hub.publishToUser(session.user.id, 'user.blocks', { userId: frame.userId, blocked: false });
    return { userId: frame.userId };
  }

  async blocked(session: ReadySession): Result<'user.blocked'> {
    const { store } = this.#deps;
    const users = [];
    for (const id of await store.moderation.blockedBy(session.user.id)) {
      const user = await store.users.findById(id);
      if (user !== undefined) users.push(toPublicUser(user));
    }
    return { users };
  }

  /**
   * Reports someone else's message, keeping it and the messages around it as they are now. The admins' open pages
   * hear of a new report at once.
   */
  async report(session: ReadySession, frame: RequestFrame<'message.report'>): Result<'message.report'> {
    const { store, hub } = this.#deps;
    if (!session.rooms.has(frame.roomId)) {
      throw new IChatError('forbidden', 'You are not a member of this room', { field: 'roomId' });
    }
    const note = (frame.note ?? '').trim();
    if ([...note].length > REPORT_NOTE_MAX) {
      throw new IChatError('validation_failed', `The note is longer than ${REPORT_NOTE_MAX} characters`, { field: 'note' });
    }
    if (frame.reason === 'other' && note === '') {
      throw new IChatError('validation_failed', 'Say what is wrong when the reason is "other"', { field: 'note' });
    }
    const message = await store.messages.find(frame.roomId, frame.seq);
    if (message === undefined || message.deleted || message.senderId === null) {
      throw new IChatError('not_found', 'Message not found', { field: 'seq' });
    }
    if (message.senderId === session.user.id) {
      throw new IChatError('validation_failed', 'You cannot report your own message', { field: 'seq' });
    }
    await this.#deps.userLimits.take('report', session.user.id, this.#deps.monotonicNow());
    const [before, after] = await Promise.all([
      store.messages.history(frame.roomId, { before: frame.seq, limit: REPORT_CONTEXT_AROUND }),
      store.messages.history(frame.roomId, { after: frame.seq, limit: REPORT_CONTEXT_AROUND }),
    ]);
    const { reportId, created } = await store.moderation.createReport({
      reporterId: session.user.id,
      senderId: message.senderId,
      roomId: frame.roomId,
      seq: frame.seq,
      reason: frame.reason,
      note,
      message,
      context: [...before.messages, message, ...after.messages],
      createdAt: this.#deps.now(),
    });
    if (created) hub.publishToAdmins('report.created', { reportId });
    return { reportId };
  }

  /** Checks the user to block or unblock exists and is not the caller. */
  async #other(session: ReadySession, userId: number): Promise<void> {
    if (userId === session.user.id) throw new IChatError('validation_failed', 'You cannot block yourself', { field: 'userId' });
    if ((await this.#deps.store.users.findById(userId)) === undefined) {
      throw new IChatError('not_found', 'No such user', { field: 'userId' });
    }
  }
}
