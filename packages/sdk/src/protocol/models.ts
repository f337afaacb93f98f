// The domain objects that travel on the wire. Times are milliseconds since the Unix epoch (UTC).

/** Another user, as anyone who shares a room with them sees them. */
export interface PublicUser {
  id: number;
  username: string;
}

/** The signed-in user, as they see themselves. */
export interface Me extends PublicUser {
  email: string;
  createdAt: number;
  isAdmin: boolean;
}

/** A stored message. `seq` numbers a room's messages 1, 2, 3… in commit order, with no gaps. */
export interface Message {
  id: number;
  roomId: number;
  seq: number;
  senderId: number;
  /** The text, or `''` once deleted. Always plain text: render it as text, never as HTML. */
  text: string;
  createdAt: number;
  editedAt: number | null;
  deleted: boolean;
  /** The sender's idempotency key for the send that stored this message. */
  clientMsgId: string | null;
}

/** What kind of room: a one-to-one conversation or a named group. */
export type RoomKind = 'direct' | 'group';

/** One entry of a user's chat list: a room as that user sees it. */
export interface Chat {
  roomId: number;
  kind: RoomKind;
  /** The group's name; `null` for direct rooms (show the peer's username). */
  name: string | null;
  /** The other member of a direct room; `null` for groups. */
  peer: PublicUser | null;
  members: PublicUser[];
  /** Who created the room; for groups, the one who may add and remove members and rename it. */
  ownerId: number;
  createdAt: number;
  /** Seq of the newest message, 0 when there is none. */
  lastSeq: number;
  lastMessage: Message | null;
  /** When the room last changed: its newest message, a rename or new members, else its creation. The chat list sorts on this, newest first. */
  lastActivityAt: number;
  /** The user's read marker: every message up to this seq has been read. */
  readSeq: number;
  /** Messages from others after `readSeq` that are not deleted. */
  unread: number;
}

/** One bucket of a statistics series. */
export interface StatsBucket {
  start: number;
  count: number;
  cumulative: number;
}
