// The one membership check of socket requests about a room.

import { IChatError } from '@ichat/protocol';
import type { ReadySession } from './chat-deps.js';

/** Refuses rooms the session's user is not in, with the same answer whether or not the room exists. */
export function assertMember(session: ReadySession, roomId: number): void {
  if (!session.rooms.has(roomId)) {
    throw new IChatError('forbidden', 'You are not a member of this room', { field: 'roomId' });
  }
}
