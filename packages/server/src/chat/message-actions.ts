// Storing and changing messages, then telling the room: what a user's socket requests and the server API both do.

import type { Message } from '@ichat/protocol';
import type { AppendResult, QueuedMessage } from '../store/contract/store.js';
import type { ChatDeps } from './chat-deps.js';
import type { CommitQueue } from './commit-queue.js';

/** Message changes with their fan-out; callers check who may make them. */
export class MessageActions {
  readonly #deps: ChatDeps;
  readonly #commits: CommitQueue;
  readonly #stored: (count: number) => void;

  /** `stored` is told of every message stored anew (for metrics). */
  constructor(deps: ChatDeps, commits: CommitQueue, stored: (count: number) => void) {
    this.#deps = deps;
    this.#commits = commits;
    this.#stored = stored;
  }

  /**
   * Stores a message through the group commit and, once it is durable, broadcasts it to the room. A resend of a
   * stored message (same sender, or the system in the same room, and clientMsgId) answers it with `duplicate: true`
   * and broadcasts nothing: it was broadcast when it was first stored.
   */
  async post(message: Omit<QueuedMessage, 'createdAt'>): Promise<AppendResult> {
    const result = await this.#commits.enqueue({ ...message, createdAt: this.#deps.now() });
    if (!result.duplicate) {
      this.#stored(1);
      this.#deps.hub.publishToRoom(message.roomId, 'message', { message: result.message });
    }
    return result;
  }

  /** Replaces a message's text and tells the room. */
  async edit(roomId: number, seq: number, text: string): Promise<Message> {
    const message = await this.#deps.store.messages.edit(roomId, seq, text, this.#deps.now());
    this.#deps.hub.publishToRoom(roomId, 'message.updated', { message });
    return message;
  }

  /** Leaves a tombstone in place of a message and tells the room. */
  async delete(roomId: number, seq: number): Promise<Message> {
    const message = await this.#deps.store.messages.delete(roomId, seq, this.#deps.now());
    this.#deps.hub.publishToRoom(roomId, 'message.updated', { message });
    return message;
  }
}
