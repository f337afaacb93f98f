// The domain objects that travel on the wire, each declared once as a schema. Times are milliseconds since the Unix
// epoch (UTC).

import { AttachmentSchema } from './attachments.js';
import { IChatError } from './errors.js';
import { normaliseAvatarUrl, normaliseProfileData, type ProfileData } from './rules.js';
import { array, boolean, custom, int, nullable, object, oneOf, optional, string } from './schema/kit.js';
import type { Infer } from './schema/schema.js';

/** An https URL of a picture: read with the same rule the server stores it by, so no other scheme reaches an `<img>`. */
const AvatarUrlSchema = custom<string>((value, place) => {
  try {
    return normaliseAvatarUrl(value);
  } catch (error) {
    return place.fail(error instanceof IChatError ? `${place.quoted}: ${error.message}` : `${place.quoted} is not an avatar URL`);
  }
});

/** A profile's `data` object, read with the rule the server stores it by. */
const ProfileDataSchema = custom<ProfileData>((value, place) => {
  try {
    return normaliseProfileData(value);
  } catch (error) {
    return place.fail(error instanceof IChatError ? `${place.quoted}: ${error.message}` : `${place.quoted} is not profile data`);
  }
});

/** Another user, as anyone who shares a room with them sees them. */
export const PublicUserSchema = object({
  id: int(1),
  username: string(),
  /** The name to show instead of the username; `null` unless set. */
  displayName: nullable(string()),
  /** An https URL of the user's picture; `null` unless set. Show it with the initials as the fallback. */
  avatarUrl: nullable(AvatarUrlSchema),
  /** A small JSON object the host site defines (`{}` unless set): at most 2048 bytes as JSON. */
  data: ProfileDataSchema,
});
export type PublicUser = Infer<typeof PublicUserSchema>;

/** The signed-in user, as they see themselves. */
export const MeSchema = object({
  id: int(1),
  username: string(),
  /** The login e-mail; for a user of the host site, the e-mail of their last sign-in token, or `''` without one. */
  email: string(),
  createdAt: int(),
  isAdmin: boolean,
  /** The name to show; `null` unless set (by a host site's `name` claim, the server API or a profile edit). */
  displayName: nullable(string()),
  /** An https URL of the user's picture; `null` unless set (by a host site's `picture` claim, the API or an edit). */
  avatarUrl: nullable(AvatarUrlSchema),
  /** A small JSON object the host site defines (`{}` unless set by the server API). */
  data: ProfileDataSchema,
});
export type Me = Infer<typeof MeSchema>;

/**
 * Who wrote a message: a user (`senderId` is theirs), or the system, that is the host site's backend through the
 * server API (`senderId` is null): a notice such as "Ada joined the project", shown apart from the conversation.
 */
export const MESSAGE_KINDS = ['user', 'system'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** How many user ids a reaction's summary lists; the rest are counted (and listed on demand by `reaction.list`). */
export const REACTION_USERS_SHOWN = 10;

/**
 * The message a reply answers, as it is now: read when the reply is read, so an edit of the original shows in its
 * replies and a deleted original shows `deleted: true` and an empty excerpt.
 */
export const ReplyToSchema = object({
  /** The original's seq in the same room (what `message.send` took as `replyTo`). */
  seq: int(1),
  id: int(1),
  senderId: nullable(int(1)),
  /** The first 100 characters (code points) of the original's text; `''` once it is deleted. */
  excerpt: string(),
  deleted: boolean,
});
export type ReplyTo = Infer<typeof ReplyToSchema>;

/** One emoji's reactions to a message: how many, and the first users who reacted (in the order they did). */
export const ReactionSummarySchema = object({
  emoji: string(),
  count: int(1),
  /** At most {@link REACTION_USERS_SHOWN}, earliest first; `reaction.list` lists everyone. */
  userIds: array(int(1), REACTION_USERS_SHOWN),
});
export type ReactionSummary = Infer<typeof ReactionSummarySchema>;

/** A stored message. `seq` numbers a room's messages 1, 2, 3… in commit order, with no gaps. */
export const MessageSchema = object({
  id: int(1),
  roomId: int(1),
  seq: int(1),
  kind: oneOf(MESSAGE_KINDS),
  /** The author; `null` exactly when `kind` is `system`. */
  senderId: nullable(int(1)),
  /** The text, or `''` once deleted. Always plain text: render it as text, never as HTML. */
  text: string(),
  createdAt: int(),
  editedAt: nullable(int()),
  deleted: boolean,
  /** The sender's idempotency key for the send that stored this message (the server API's, for a system message). */
  clientMsgId: nullable(string()),
  /**
   * The room's change seq at this message's latest edit, deletion or reaction change; 0 while it was never changed. A client that has
   * applied a room's changes up to N asks for those after N (`message.changes`) to converge after an outage.
   */
  changeSeq: int(0),
  /** The files sent with the message, in the order they were uploaded; absent when there are none, and once deleted. */
  attachments: optional(array(AttachmentSchema)),
  /** The message this one answers; absent when it is not a reply. */
  replyTo: optional(ReplyToSchema),
  /** Reactions by emoji, the earliest-used emoji first; absent when there are none, and once deleted. */
  reactions: optional(array(ReactionSummarySchema)),
  /**
   * The emoji the reading user reacted with (`[]` when none), present with `reactions` in answers to that user's own
   * requests (`history`, `message.changes`, `reaction.add`/`remove`); absent in events, which every member shares:
   * there the event's `reaction` tells whose reaction changed.
   */
  myReactions: optional(array(string())),
  /**
   * The members the text mentions (`@username`, see `mentionTokens`), by user id in the order first named; absent when
   * none, and once deleted. Found by the server at send and edit time among the room's members then; the sender is
   * never listed.
   */
  mentions: optional(array(int(1))),
}, (message, place) => {
  if ((message.kind === 'system') !== (message.senderId === null)) {
    place.at('senderId').fail('"senderId" must be null exactly when "kind" is "system"');
  }
});
export type Message = Infer<typeof MessageSchema>;

/** A message a search found, and the ranges of its text (UTF-16 offsets, `end` exclusive) that matched. */
export const SearchHitSchema = object({
  message: MessageSchema,
  highlights: array(object({ start: int(0), end: int(0) })),
});
export type SearchHit = Infer<typeof SearchHitSchema>;

/** A member's read marker as others see it (read receipts): they have seen every message up to `readSeq`. */
export const ReaderSchema = object({ userId: int(1), readSeq: int(0) });
export type Reader = Infer<typeof ReaderSchema>;

/**
 * The user's own read marker in a room and its counts (the `read` answer and event); `lastSeq` and `changeSeq` are the
 * room's as of the counts (absent from older servers), so a client that is behind them can tell which messages and
 * deletions the counts already hold.
 */
export const ReadStateSchema = object({
  roomId: int(1),
  readSeq: int(),
  unread: int(),
  mentioned: int(0),
  lastSeq: optional(int(0)),
  changeSeq: optional(int(0)),
});
export type ReadState = Infer<typeof ReadStateSchema>;

/** What kind of room: a one-to-one conversation or a named group. */
export const ROOM_KINDS = ['direct', 'group'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

/** One entry of a user's chat list: a room as that user sees it. */
export const ChatSchema = object({
  roomId: int(1),
  kind: oneOf(ROOM_KINDS),
  /** The group's name; `null` for direct rooms (show the peer's username). */
  name: nullable(string()),
  /** The other member of a direct room; `null` for groups. */
  peer: nullable(PublicUserSchema),
  members: array(PublicUserSchema),
  /** Who created the room; for groups, the one who may add and remove members and rename it. */
  ownerId: int(1),
  createdAt: int(),
  /** Seq of the newest message, 0 when there is none. */
  lastSeq: int(),
  /** The room's change seq: how many edits, deletions and reaction changes its messages have had. 0 when none. */
  changeSeq: int(0),
  lastMessage: nullable(MessageSchema),
  /** When the room last changed: its newest message, a rename or new members, else its creation. The chat list sorts on this, newest first. */
  lastActivityAt: int(),
  /** The user's read marker: every message up to this seq has been read. */
  readSeq: int(),
  /** Messages from others after `readSeq` that are not deleted. Counted in a muted room too. */
  unread: int(),
  /** Of the `unread` messages, those that mention the user. Counted in a muted room too. */
  mentioned: int(0),
  /**
   * Whether the user muted this room (`room.mute`): it still lists its unread count, but clients leave it out of
   * notifications (a message that mentions the user aside) and of unread totals. Per member, the same on all of the
   * user's devices.
   */
  muted: boolean,
});
export type Chat = Infer<typeof ChatSchema>;

/** One bucket of a statistics series. */
export const StatsBucketSchema = object({
  start: int(),
  count: int(),
  cumulative: int(),
});
export type StatsBucket = Infer<typeof StatsBucketSchema>;
