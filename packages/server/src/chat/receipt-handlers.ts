// Read receipts: the markers a member may see, the sharing setting, and telling sharers when a sharer reads on.

import type { RequestFrame, Requests } from '@ichat/protocol';
import type { ChatDeps, ReadySession } from './chat-deps.js';
import { assertMember } from './member-check.js';

type Result<K extends keyof Requests> = Promise<Requests[K]['result']>;

/**
 * Receipts go only between members who both share them: one who turned sharing off is neither shown nor shown to.
 * The setting rides on the user record each session holds, refreshed on every node when it changes (the hub's
 * `refresh_user`), so a change on one device holds on the others without a query per read.
 */
export class ReceiptHandlers {
  readonly #deps: ChatDeps;

  constructor(deps: ChatDeps) {
    this.#deps = deps;
  }

  async receipts(session: ReadySession, frame: RequestFrame<'room.receipts'>): Result<'room.receipts'> {
    assertMember(session, frame.roomId);
    if (!session.user.shareReceipts) return { readers: [] };
    return { readers: await this.#deps.store.receipts.readers(frame.roomId, session.user.id) };
  }

  async share(session: ReadySession, frame: RequestFrame<'receipts.share'>): Result<'receipts.share'> {
    await this.#deps.store.receipts.setSharing(session.user.id, frame.share);
    this.#deps.hub.refreshUser({ ...session.user, shareReceipts: frame.share });
    this.#deps.hub.publishToUser(session.user.id, 'receipts.sharing', { share: frame.share });
    return { share: frame.share };
  }

  /** A member's marker moved: tells the room's other sharers, if the member shares. */
  async announce(session: ReadySession, roomId: number, readSeq: number): Promise<void> {
    if (!session.user.shareReceipts) return;
    const userId = session.user.id;
    const others = (await this.#deps.store.receipts.sharingMembers(roomId)).filter((id) => id !== userId);
    this.#deps.hub.publishToUsers(others, 'receipt', { roomId, userId, readSeq });
  }
}
