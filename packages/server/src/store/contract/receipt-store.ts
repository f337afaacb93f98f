// The read receipts part of the store contract: who shares their read marker, and the markers others may see.

import type { Reader } from '@ichat/protocol';

/**
 * Read receipts. A user shares them unless they turned sharing off; one who does not share sees no one's either, so
 * every answer here counts only members who share.
 */
export interface ReceiptStore {
  /** Whether the user shares read receipts (true for a user who never chose). */
  sharing(userId: number): Promise<boolean>;
  /** Turns sharing on or off; a user who does not exist is ignored. */
  setSharing(userId: number, share: boolean): Promise<void>;
  /** The read markers of the room's members who share, except `userId`, by user id. */
  readers(roomId: number, exceptUserId: number): Promise<Reader[]>;
  /** The room's members who share, by user id: who may hear of a receipt. */
  sharingMembers(roomId: number): Promise<number[]>;
}
