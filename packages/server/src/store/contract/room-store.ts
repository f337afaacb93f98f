// The rooms part of the store contract: direct and group rooms and who is a member of each.

/** A room's bare facts, for authorization and fan-out. */
export interface RoomRecord {
  id: number;
  kind: 'direct' | 'group';
  name: string | null;
  ownerId: number;
  lastSeq: number;
}

/** The outcome of opening a direct room. */
export interface DirectRoom {
  roomId: number;
  /** Whether this call made the room (and so must announce it). */
  created: boolean;
}

/**
 * Rooms and memberships. A room's "last activity" (which orders chat lists) starts at its creation and moves with
 * messages, renames and new members. Members are listed longest-standing first, ties by user id, everywhere.
 */
export interface RoomStore {
  /**
   * The one direct room of a pair, created if needed; `created` tells whether this call made it. Either order of the
   * pair finds the same room, and of calls racing for a new pair exactly one creates it. The room has no name, `userA`
   * owns it when this call creates it, and both users are its members.
   */
  openDirect(userA: number, userB: number, now: number): Promise<DirectRoom>;
  /**
   * Creates a group owned by `ownerId`, with the owner and `memberIds` as its members (an id listed twice, or the
   * owner listed again, counts once), all joined at `now`; returns its id.
   */
  createGroup(ownerId: number, name: string, memberIds: number[], now: number): Promise<number>;
  /** Adds members; returns the ids that were not members before. */
  addMembers(roomId: number, userIds: number[], now: number): Promise<number[]>;
  /** Returns false when the user was not a member. */
  removeMember(roomId: number, userId: number): Promise<boolean>;
  /** Renames a room; a rename counts as activity at `now`. */
  rename(roomId: number, name: string, now: number): Promise<void>;
  /**
   * Mutes or unmutes the room for one member (no notifications for them; their unread count is kept). Returns false
   * when the user is not a member. Leaving the room forgets it: a member who is added again starts unmuted.
   */
  setMuted(roomId: number, userId: number, muted: boolean): Promise<boolean>;
  /**
   * Whether this member muted the room: what anything that notifies a member (pushes, e-mails) asks before it does.
   * False when the user is not a member.
   */
  isMuted(roomId: number, userId: number): Promise<boolean>;
  /** Hands the room to another owner (when the owner leaves). */
  setOwner(roomId: number, userId: number): Promise<void>;
  /** The room, or undefined when there is no such room. */
  find(roomId: number): Promise<RoomRecord | undefined>;
  /**
   * The last seq of each of these rooms, by room id; a room that does not exist is left out. One statement per 500
   * rooms: how a cluster node compares every room it follows with the store at once.
   */
  lastSeqs(roomIds: readonly number[]): Promise<Map<number, number>>;
  /** The room's members, longest-standing first; empty for an unknown room. */
  memberIds(roomId: number): Promise<number[]>;
  /** The rooms the user is a member of, in no particular order. On the path of every socket's `auth`. */
  roomIdsOf(userId: number): Promise<number[]>;
  /** Everyone who shares at least one room with the user, not counting the user. */
  contactIdsOf(userId: number): Promise<number[]>;
}
