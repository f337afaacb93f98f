// Every request a client can make over the socket: the frame's own fields and the reply's result, declared once.

import { ATTACHMENT_LIMITS, AttachmentIdsSchema, AttachmentLinkSchema } from '../attachments.js';
import { LIMITS, REACTION_EMOJI_MAX, REACTION_SET_MAX } from '../rules.js';
import {
  ChatSchema,
  MeSchema,
  MessageSchema,
  PublicUserSchema,
  ReaderSchema,
  ReadStateSchema,
  SearchHitSchema,
} from '../models.js';
import { REPORT_NOTE_MAX, REPORT_REASONS } from '../moderation.js';
import { array, boolean, custom, int, object, oneOf, optional, string } from '../schema/kit.js';
import type { Infer, Place } from '../schema/schema.js';

/** Limits the server announces after authentication, so clients can check input before sending. */
export const ServerLimitsSchema = object({
  maxFrameBytes: int(1),
  maxTextLength: int(1),
  messagesPerSecond: int(0),
  messageBurst: int(0),
  /** The largest file an upload may be, in bytes. */
  maxAttachmentBytes: int(0),
});
export type ServerLimits = Infer<typeof ServerLimitsSchema>;

/** What the server answers to `auth`. */
export const ReadyResultSchema = object({
  protocol: int(1),
  user: MeSchema,
  serverTime: int(),
  limits: ServerLimitsSchema,
  /** Whether the user shares read receipts (`receipts.share`); when not, they see no one else's either. */
  shareReceipts: boolean,
  /** The emoji this server accepts as reactions, in the order to offer them. */
  reactions: array(string(), REACTION_SET_MAX),
});
export type ReadyResult = Infer<typeof ReadyResultSchema>;

const none = object({});
const roomId = int(1);
const chatResult = object({ chat: ChatSchema });
const messageResult = object({ message: MessageSchema });
/** A reaction to the message at `seq`: one of the server's emoji (`ReadyResult.reactions`). */
const reactionParams = object({ roomId, seq: int(1), emoji: string(REACTION_EMOJI_MAX * 4, 1) });
/** A user by id: the block requests' parameter and answer alike. */
const userRef = object({ userId: int(1) });

/** A member named by e-mail or username; the server resolves it. */
const memberName = custom(
  (value: unknown, place: Place): string => {
    if (typeof value === 'string' && value.length > 0 && value.length <= LIMITS.emailMax) return value;
    return place.fail('Each member must be an e-mail or username');
  },
  { type: 'string', minLength: 1, maxLength: LIMITS.emailMax },
);
const members = array(memberName, LIMITS.groupMembersMax);
/** Shapes only: trimming and length in code points are the server's domain rules (rules.ts). */
const text = string(LIMITS.textMax * 4);
const groupName = string(LIMITS.groupNameMax * 4);

/**
 * Every request a client can make, by `type`: the frame's own fields (`params`) and the reply's `result`.
 * A request frame is `{ type, id, ...params }`; its reply is `{ type: 'reply', id, result }` or an `error` frame
 * with the same `id`.
 */
export const REQUESTS = {
  /** Must be the first frame on a socket; nothing else is accepted before it succeeds. */
  auth: { params: object({ token: string(LIMITS.tokenMax, 1) }), result: ReadyResultSchema },
  ping: { params: none, result: object({ serverTime: int() }) },
  'chats.list': {
    params: none,
    result: object({
      chats: array(ChatSchema),
      online: array(
        custom(
          (value: unknown, place: Place): number => {
            if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
            return place.fail('User ids must be integers');
          },
          { type: 'integer' },
        ),
      ),
    }),
  },
  /** Opens (or finds) the one direct room between the caller and the user with this e-mail or username. */
  'room.open_direct': { params: object({ with: string(LIMITS.emailMax, 1) }), result: chatResult },
  'room.create_group': { params: object({ name: groupName, members }), result: chatResult },
  'room.add_members': { params: object({ roomId, members }), result: chatResult },
  'room.remove_member': { params: object({ roomId, userId: int(1) }), result: chatResult },
  'room.rename': { params: object({ roomId, name: groupName }), result: chatResult },
  'room.leave': { params: object({ roomId }), result: object({ roomId }) },
  /**
   * Mutes (`muted: true`) or unmutes the room for the caller alone. The reply and a `chat` event to each of the
   * caller's connections carry the room with its new `muted`.
   */
  'room.mute': { params: object({ roomId, muted: boolean }), result: chatResult },
  /**
   * Stores a message. Resending the same `clientMsgId` returns the original message with `duplicate: true`. Its
   * `attachments` are ids of the sender's own uploads that no message took yet; the text may then be empty. `replyTo`
   * is the seq of a message of the same room that this one answers (it must exist and not be deleted).
   */
  'message.send': {
    params: object({
      roomId,
      clientMsgId: string(LIMITS.clientMsgIdMax, 1),
      text,
      attachments: optional(AttachmentIdsSchema),
      replyTo: optional(int(1)),
    }),
    result: object({ message: MessageSchema, duplicate: boolean }),
  },
  'message.edit': { params: object({ roomId, seq: int(1), text }), result: messageResult },
  'message.delete': { params: object({ roomId, seq: int(1) }), result: messageResult },
  /**
   * Reacts to a message with one of the server's emoji; reacting again with the same emoji answers the same and changes
   * nothing. The reply carries the message with its reactions (and `myReactions`); members get `message.updated`.
   */
  'reaction.add': { params: reactionParams, result: messageResult },
  /** Takes the caller's reaction back; taking back one that is not there answers the same and changes nothing. */
  'reaction.remove': { params: reactionParams, result: messageResult },
  /** Everyone who reacted to a message with one emoji, earliest first (the first 256), and how many. */
  'reaction.list': {
    params: reactionParams,
    result: object({ userIds: array(int(1), LIMITS.groupMembersMax), count: int(0) }),
  },
  /**
   * A page of a room's messages in ascending seq order: the newest `limit` before `before` (or the newest overall),
   * or the oldest `limit` after `after`. Give at most one of `before` and `after`.
   */
  history: {
    params: object(
      { roomId, before: optional(int(1)), after: optional(int(0)), limit: optional(int(1, LIMITS.historyPageMax)) },
      (page, place) => {
        if (page.before !== undefined && page.after !== undefined) place.at('after').fail('Give "before" or "after", not both');
      },
    ),
    result: object({ messages: array(MessageSchema, LIMITS.historyPageMax), hasMore: boolean }),
  },
  /**
   * The messages of a room changed (edited, deleted or reacted to) after change seq `after`, in their current state, ordered by
   * `changeSeq`: what a client missed while away. A message changed twice since then appears once, at its latest.
   */
  'message.changes': {
    params: object({ roomId, after: int(0), limit: optional(int(1, LIMITS.historyPageMax)) }),
    result: object({ messages: array(MessageSchema, LIMITS.historyPageMax), hasMore: boolean }),
  },
  /**
   * Finds messages by their words in the caller's rooms (or in one of them): best matches first, each with the ranges
   * of its text that matched. Deleted messages are never found.
   */
  'message.search': {
    params: object({
      query: string(LIMITS.searchQueryMax * 4, 1),
      roomId: optional(roomId),
      limit: optional(int(1, LIMITS.searchPageMax)),
      offset: optional(int(0, LIMITS.searchOffsetMax)),
    }),
    result: object({ hits: array(SearchHitSchema, LIMITS.searchPageMax), hasMore: boolean }),
  },
  /**
   * Signed links to attachments: of messages in the caller's rooms, or the caller's own uploads not sent yet. Each
   * works without a token until it expires, and only while the caller stays a member of the room.
   */
  'attachment.links': {
    params: object({ ids: array(int(1), ATTACHMENT_LIMITS.linksPerRequest) }),
    result: object({ links: array(AttachmentLinkSchema, ATTACHMENT_LIMITS.linksPerRequest) }),
  },
  read: { params: object({ roomId, seq: int(0) }), result: ReadStateSchema },
  /**
   * The read markers of the room's other members who share read receipts: who has seen how far. Empty when the caller
   * does not share their own.
   */
  'room.receipts': { params: object({ roomId }), result: object({ readers: array(ReaderSchema) }) },
  /** Turns sharing read receipts on or off for the caller, on every device; off also hides everyone else's. */
  'receipts.share': { params: object({ share: boolean }), result: object({ share: boolean }) },
  typing: { params: object({ roomId }), result: none },
  /**
   * Blocks a user: no new direct room between the two, no messages or typing from either into the one they share, and
   * the blocked user stops seeing the caller's presence. Blocking someone already blocked answers the same.
   */
  'user.block': { params: userRef, result: userRef },
  /** Lifts the caller's block of a user; lifting one that does not exist answers the same. */
  'user.unblock': { params: userRef, result: userRef },
  /** The users the caller has blocked, most recently blocked first. */
  'user.blocked': { params: none, result: object({ users: array(PublicUserSchema) }) },
  /**
   * Reports a message to the administrators, with a reason and an optional note. A user has at most one open report
   * per message: reporting it again answers the open one.
   */
  'message.report': {
    params: object({ roomId, seq: int(1), reason: oneOf(REPORT_REASONS), note: optional(string(REPORT_NOTE_MAX * 4)) }),
    result: object({ reportId: int(1) }),
  },
} as const;

/** The `type` of a client request. */
export type RequestType = keyof typeof REQUESTS;

/** Each request's params and result, by type. */
export type Requests = {
  [K in RequestType]: {
    params: Infer<(typeof REQUESTS)[K]['params']>;
    result: Infer<(typeof REQUESTS)[K]['result']>;
  };
};

/** Every request type, for validators and exhaustive tables. */
export const REQUEST_TYPES = Object.keys(REQUESTS) as readonly RequestType[];
