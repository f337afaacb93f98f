// Topic names: one per room, one per user (all of that user's connections), one for administrators.

/** Every member's connections hear a room's messages, edits and typing here. */
export function roomTopic(roomId: number): string {
  return `room:${roomId}`;
}

/** Every connection of one user hears their chat-list changes, read markers and presence here. */
export function userTopic(userId: number): string {
  return `user:${userId}`;
}

/** Administrators' connections hear new registrations here. */
export const ADMIN_TOPIC = 'admin';
