// Storing and changing messages, then telling the room: what a user's socket requests and the server API both do.

import type { Message } from '@ichat/protocol';
import type { AppendResult, QueuedMessage } from '../store/contract/store.js';
import { blockedError } from './blocked-error.js';
import type { ChatDeps } from './chat-deps.js';
import type { CommitQueue } from './commit-queue.js';

/** Message changes with their fan-out; callers check who may make them. */
export class MessageActions {
  readonly #deps: ChatDeps;
  readonly #commits: CommitQueue;
  readonly #stored: (count: number) => void;
  /**
   * Per sender and room, the turn of the latest send still before its enqueue. The checks before the group commit read
   * the store; on PostgreSQL those reads run on several pooled connections and finish in any order, so without a turn
   * each, sends pipelined on one socket would be stored (and given seqs) in another order than they were sent.
   */
  readonly #turns = new Map<string, Promise<void>>();

  /** `stored` is told of every message stored anew (for metrics). */
  constructor(deps: ChatDeps, commits: CommitQueue, stored: (count: number) => void) {
    this.#deps = deps;
    this.#commits = commits;
    this.#stored = stored;
  }

  /**
   * Stores a message through the group commit and, once it is durable, broadcasts it to the room. A resend of a
   * stored message (same sender, or the system in the same room, and clientMsgId) answers it with `duplicate: true`
   * and is published again only in a cluster, where a node may have missed it (each node delivers a seq once). A user's text goes through the word list; a
   * system message (the host site's own) does not.
   *
   * @throws {IChatError} `blocked` for a user's message into a direct room where a block stands between the two;
   * `message_rejected` when the word list refuses the text.
   */
  async post(message: Omit<QueuedMessage, 'createdAt'>): Promise<AppendResult> {
    const key = `${message.roomId}:${message.senderId ?? ''}`;
    const previous = this.#turns.get(key);
    let release = (): void => undefined;
    const turn = new Promise<void>((resolve) => (release = resolve));
    this.#turns.set(key, turn);
    let queued: Promise<AppendResult>;
    try {
      if (previous !== undefined) await previous;
      let text = message.text;
      if (message.senderId !== null) {
        if (await this.#deps.store.moderation.blockedInDirectRoom(message.roomId, message.senderId)) throw blockedError('roomId');
        text = this.#deps.wordFilter?.apply(text) ?? text;
      }
      queued = this.#commits.enqueue({ ...message, text, createdAt: this.#deps.now() });
    } finally {
      // The next send's checks may start once this one is queued (or refused), not once it is committed.
      release();
      if (this.#turns.get(key) === turn) this.#turns.delete(key);
    }
    const result = await queued;
    if (result.duplicate) {
      // Its first sender may have crashed between the commit and the publish: nodes that never heard of it do now.
      this.#deps.hub.republishMessage(result.message);
    } else {
      this.#stored(1);
      this.#deps.hub.publishMessage(result.message);
    }
    return result;
  }

  /**
   * Replaces a user's message's text (through the word list, as a new message's) and tells the room.
   *
   * @throws {IChatError} `blocked` in a direct room where a block stands between the two; `message_rejected`.
   */
  async edit(roomId: number, seq: number, senderId: number, text: string): Promise<Message> {
    if (await this.#deps.store.moderation.blockedInDirectRoom(roomId, senderId)) throw blockedError('roomId');
    const allowed = this.#deps.wordFilter?.apply(text) ?? text;
    const before = await this.#deps.store.messages.find(roomId, seq);
    const message = await this.#deps.store.messages.edit(roomId, seq, allowed, this.#deps.now());
    this.#deps.hub.publishToRoom(roomId, 'message.updated', { message });
    await this.#pushMentioned(roomId, before, message);
    return message;
  }

  /** Leaves a tombstone in place of a message and tells the room. */
  async delete(roomId: number, seq: number): Promise<Message> {
    const before = await this.#deps.store.messages.find(roomId, seq);
    const message = await this.#deps.store.messages.delete(roomId, seq, this.#deps.now());
    this.#deps.hub.publishToRoom(roomId, 'message.updated', { message });
    await this.#pushMentioned(roomId, before, message);
    return message;
  }

  /**
   * A new message's mentions reach each client with it (the SDK counts them, as it counts unread), but a changed
   * message's event does not say whom it mentioned before: those it mentioned before or after get their view anew.
   */
  async #pushMentioned(roomId: number, before: Message | undefined, after: Message): Promise<void> {
    const touched = new Set([...(before?.mentions ?? []), ...(after.mentions ?? [])]);
    if (touched.size > 0) await this.#deps.hub.pushChat(roomId, touched);
  }
}
