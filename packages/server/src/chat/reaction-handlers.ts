// Requests about reactions: add, take back, and list who reacted; members only, with the server's emoji alone.

import { IChatError, LIMITS, type Message, type RequestFrame, type Requests } from '@ichat/protocol';
import type { ChatDeps, ReadySession } from './chat-deps.js';
import { assertMember } from './member-check.js';

type Result<K extends keyof Requests> = Promise<Requests[K]['result']>;

/** A user's reaction requests. A change reaches the room as `message.updated` with whose reaction it was. */
export class ReactionHandlers {
  readonly #deps: ChatDeps;
  readonly #emoji: ReadonlySet<string>;

  /** `emoji` is the server's set (configured, checked at start). */
  constructor(deps: ChatDeps, emoji: readonly string[]) {
    this.#deps = deps;
    this.#emoji = new Set(emoji);
  }

  add(session: ReadySession, frame: RequestFrame<'reaction.add'>): Result<'reaction.add'> {
    return this.#react(session, frame, true);
  }

  remove(session: ReadySession, frame: RequestFrame<'reaction.remove'>): Result<'reaction.remove'> {
    return this.#react(session, frame, false);
  }

  async list(session: ReadySession, frame: RequestFrame<'reaction.list'>): Result<'reaction.list'> {
    assertMember(session, frame.roomId);
    return this.#deps.store.messages.reactors(frame.roomId, frame.seq, frame.emoji, LIMITS.groupMembersMax);
  }

  async #react(session: ReadySession, frame: RequestFrame<'reaction.add' | 'reaction.remove'>, added: boolean): Promise<{ message: Message }> {
    assertMember(session, frame.roomId);
    // Taking back an emoji the server no longer offers is allowed, so a reaction left from an older set can go.
    if (added && !this.#emoji.has(frame.emoji)) {
      throw new IChatError('validation_failed', 'This emoji is not one of the server\'s reactions', { field: 'emoji' });
    }
    const userId = session.user.id;
    const result = await this.#deps.store.messages.react({ roomId: frame.roomId, seq: frame.seq, userId, emoji: frame.emoji, added, now: this.#deps.now() });
    if (result.changed) {
      this.#deps.hub.publishToRoom(frame.roomId, 'message.updated', {
        message: result.message,
        reaction: { userId, emoji: frame.emoji, added },
      });
    }
    // As in history: `myReactions` goes with `reactions`, so a message with none carries neither.
    if (result.message.reactions === undefined) return { message: result.message };
    const mine = await this.#deps.store.messages.reactionsOf(userId, [result.message.id]);
    return { message: { ...result.message, myReactions: mine.get(result.message.id) ?? [] } };
  }
}
