// The server API's bodies and answers: what the host site's backend sends to /api/v1/server/… and gets back.

import { MessageSchema, PublicUserSchema, ROOM_KINDS } from '../models.js';
import {
  LIMITS,
  normaliseAvatarUrl,
  normaliseDisplayName,
  normaliseEmail,
  normaliseGroupName,
  normaliseProfileData,
  normaliseText,
  type ProfileData,
} from '../rules.js';
import { array, boolean, custom, int, nullable, object, oneOf, optional, string } from '../schema/kit.js';
import { parseWith, type Infer } from '../schema/schema.js';

/** The host site's id for a user: the `sub` its sign-in JWTs carry. */
const externalId = string(LIMITS.externalIdMax, 1);
const externalIds = array(externalId, LIMITS.groupMembersMax);

/** A user as the host site's backend sees them: with their external id, profile and ban. */
export const ServerUserSchema = object({
  id: int(1),
  /** The host site's id for the user (a sign-in JWT's `sub`). */
  externalId: string(),
  username: string(),
  displayName: nullable(string()),
  avatarUrl: nullable(string()),
  email: nullable(string()),
  /** The site's own small JSON object about the user; `{}` unless set. */
  data: custom((value, place): ProfileData => normaliseProfileData(value, place.path), { type: 'object' }),
  createdAt: int(),
  /** When the user was banned, or `null`. */
  bannedAt: nullable(int()),
});
export type ServerUser = Infer<typeof ServerUserSchema>;

/**
 * `PUT /api/v1/server/users/{externalId}` body: the user's whole profile, each field read by the protocol's profile
 * rule. A field left out (or `null`) is cleared, as a sign-in JWT without the claim clears it.
 */
export const UpsertUserBodySchema = object({
  displayName: optional(
    nullable(custom((value, place) => normaliseDisplayName(value, place.path), { type: 'string', minLength: 1, maxLength: LIMITS.displayNameMax })),
  ),
  avatarUrl: optional(
    nullable(custom((value, place) => normaliseAvatarUrl(value, place.path), { type: 'string', format: 'uri', maxLength: LIMITS.avatarUrlMax })),
  ),
  email: optional(nullable(custom((value, place) => normaliseEmail(value, place.path), { type: 'string', format: 'email', maxLength: LIMITS.emailMax }))),
  data: optional(custom((value, place) => normaliseProfileData(value, place.path), { type: 'object' })),
});
export type UpsertUserBody = Infer<typeof UpsertUserBodySchema>;

/** `PUT /api/v1/server/users/{externalId}` answer: the user, and whether this call created them. */
export const UpsertUserResultSchema = object({ user: ServerUserSchema, created: boolean });
export type UpsertUserResult = Infer<typeof UpsertUserResultSchema>;

/** `GET /api/v1/server/users/{externalId}` and the ban routes' answer. */
export const ServerUserResultSchema = object({ user: ServerUserSchema });
export type ServerUserResult = Infer<typeof ServerUserResultSchema>;

/** A room as the host site's backend sees it: no one member's read marker or unread count. */
export const ServerRoomSchema = object({
  id: int(1),
  kind: oneOf(ROOM_KINDS),
  name: nullable(string()),
  ownerId: int(1),
  createdAt: int(),
  lastSeq: int(),
  lastActivityAt: int(),
  /** Longest-standing first. */
  members: array(PublicUserSchema),
});
export type ServerRoom = Infer<typeof ServerRoomSchema>;

/**
 * `POST /api/v1/server/rooms` body. A direct room names exactly two members and nothing else (the existing room of the
 * pair is answered if there is one); a group needs a `name` and an `owner`, who is a member whether listed or not.
 * Users are named by their external ids and must exist (upsert them first).
 */
export const CreateRoomBodySchema = object(
  {
    kind: oneOf(ROOM_KINDS),
    name: optional(custom((value, place) => normaliseGroupName(value, place.path), { type: 'string', minLength: 1, maxLength: LIMITS.groupNameMax })),
    owner: optional(externalId),
    members: externalIds,
  },
  (room, place) => {
    if (room.kind === 'direct') {
      if (room.members.length !== 2 || room.members[0] === room.members[1]) {
        place.at('members').fail('A direct room has exactly two different members');
      }
      if (room.name !== undefined) place.at('name').fail('A direct room has no name');
      if (room.owner !== undefined) place.at('owner').fail('A direct room has no owner to give');
    } else {
      if (room.name === undefined) place.at('name').fail('A group needs a name');
      if (room.owner === undefined) place.at('owner').fail('A group needs an owner');
    }
  },
);
export type CreateRoomBody = Infer<typeof CreateRoomBodySchema>;

/** `POST /api/v1/server/rooms` answer: the room, and whether this call made it (a direct room may exist already). */
export const CreateRoomResultSchema = object({ room: ServerRoomSchema, created: boolean });
export type CreateRoomResult = Infer<typeof CreateRoomResultSchema>;

/** The answer of the member routes: the room as it is now. */
export const ServerRoomResultSchema = object({ room: ServerRoomSchema });
export type ServerRoomResult = Infer<typeof ServerRoomResultSchema>;

/** `POST /api/v1/server/rooms/{roomId}/members` body: users to add, by external id (members already are skipped). */
export const AddMembersBodySchema = object({ members: array(externalId, LIMITS.groupMembersMax) }, (body, place) => {
  if (body.members.length === 0) place.at('members').fail('Name at least one member to add');
});
export type AddMembersBody = Infer<typeof AddMembersBodySchema>;

/**
 * `POST /api/v1/server/rooms/{roomId}/messages` body. With a `sender` (an external id, a member of the room) the
 * message is theirs, as if they had sent it; without one it is a system message. `clientMsgId` makes it idempotent:
 * per sender for a user's message, per room for a system message.
 */
export const PostMessageBodySchema = object({
  clientMsgId: string(LIMITS.clientMsgIdMax, 1),
  text: custom((value, place) => normaliseText(value, place.path), { type: 'string', minLength: 1, maxLength: LIMITS.textMax }),
  sender: optional(externalId),
});
export type PostMessageBody = Infer<typeof PostMessageBodySchema>;

/** What posting a message answers, as a socket `message.send` does: a resend answers the stored message. */
export const PostMessageResultSchema = object({ message: MessageSchema, duplicate: boolean });
export type PostMessageResult = Infer<typeof PostMessageResultSchema>;

/** `GET /api/v1/server/rooms/{roomId}/messages` answer: a page in ascending seq order. */
export const MessagePageSchema = object({ messages: array(MessageSchema, LIMITS.historyPageMax), hasMore: boolean });
export type MessagePage = Infer<typeof MessagePageSchema>;

/** `DELETE /api/v1/server/rooms/{roomId}/messages/{seq}` answer: the tombstone. */
export const ServerMessageResultSchema = object({ message: MessageSchema });
export type ServerMessageResult = Infer<typeof ServerMessageResultSchema>;

/**
 * Which page of a room's history: the newest `limit` (default 50) before `before` (or the newest overall), or the
 * oldest `limit` after `after`. At most one of `before` and `after`.
 */
export const MessagePageQuerySchema = object(
  { before: optional(int(1)), after: optional(int(0)), limit: optional(int(1, LIMITS.historyPageMax)) },
  (page, place) => {
    if (page.before !== undefined && page.after !== undefined) place.at('after').fail('Give "before" or "after", not both');
  },
);
export type MessagePageQuery = Infer<typeof MessagePageQuerySchema>;

/** The query string of a history page request. */
export function messagePageSearchParams(query: MessagePageQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  return params;
}

/**
 * Reads a history page request's query string; anything but a decimal number in a field is refused as not being one.
 *
 * @throws {IChatError} `bad_request` naming the field.
 */
export function parseMessagePageQuery(params: URLSearchParams): MessagePageQuery {
  const fields: Record<string, unknown> = {};
  for (const name of ['before', 'after', 'limit'] as const) {
    const text = params.get(name);
    if (text !== null) fields[name] = /^\d{1,15}$/.test(text) ? Number(text) : text;
  }
  return parseWith(MessagePageQuerySchema, fields, 'bad_request');
}
