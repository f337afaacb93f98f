// The server API's routes: what the host site's backend calls under /api/v1/server/, with an API key as the bearer
// token. Users are named by the host site's id for them (`externalId`, the `sub` of its sign-in JWTs).

import { API_PREFIX } from '../version.js';
import { AuthResultSchema } from './bodies.js';
import { route } from './route-spec.js';
import {
  AddMembersBodySchema,
  CreateRoomBodySchema,
  CreateRoomResultSchema,
  MessagePageQuerySchema,
  MessagePageSchema,
  PostMessageBodySchema,
  PostMessageResultSchema,
  ServerMessageResultSchema,
  ServerRoomResultSchema,
  ServerUserResultSchema,
  UpsertUserBodySchema,
  UpsertUserResultSchema,
} from './server-bodies.js';

/** The server API's routes, by name; part of the whole table, `ROUTES`. */
export const SERVER_ROUTES = {
  /**
   * Creates the user the host site knows by this id (the one its JWTs with this `sub` sign in), or replaces their
   * profile; answers whether it created them.
   */
  serverUpsertUser: route({
    method: 'PUT',
    path: `${API_PREFIX}/server/users/{externalId}`,
    params: { externalId: 'key' },
    body: UpsertUserBodySchema,
    result: UpsertUserResultSchema,
    status: 200,
    access: 'server',
  }),
  /** A user by the host site's id for them. */
  serverGetUser: route({
    method: 'GET',
    path: `${API_PREFIX}/server/users/{externalId}`,
    params: { externalId: 'key' },
    result: ServerUserResultSchema,
    status: 200,
    access: 'server',
  }),
  /** A session token for a user, for sites that prefer it to JWT sign-in; answers like `login`. */
  serverCreateSession: route({
    method: 'POST',
    path: `${API_PREFIX}/server/users/{externalId}/sessions`,
    params: { externalId: 'key' },
    result: AuthResultSchema,
    status: 201,
    access: 'server',
  }),
  /** Bans a user: their sockets close with 4003, their sessions end, every sign-in of theirs is refused. */
  serverBanUser: route({
    method: 'PUT',
    path: `${API_PREFIX}/server/users/{externalId}/ban`,
    params: { externalId: 'key' },
    result: ServerUserResultSchema,
    status: 200,
    access: 'server',
  }),
  /** Lifts a ban: the user may sign in again. */
  serverUnbanUser: route({
    method: 'DELETE',
    path: `${API_PREFIX}/server/users/{externalId}/ban`,
    params: { externalId: 'key' },
    result: ServerUserResultSchema,
    status: 200,
    access: 'server',
  }),
  /** Creates a group, or opens the direct room of two users (answering the existing one, `created: false`). */
  serverCreateRoom: route({
    method: 'POST',
    path: `${API_PREFIX}/server/rooms`,
    body: CreateRoomBodySchema,
    result: CreateRoomResultSchema,
    status: 200,
    access: 'server',
  }),
  /** Adds members to a group. */
  serverAddMembers: route({
    method: 'POST',
    path: `${API_PREFIX}/server/rooms/{roomId}/members`,
    params: { roomId: 'id' },
    body: AddMembersBodySchema,
    result: ServerRoomResultSchema,
    status: 200,
    access: 'server',
  }),
  /** Removes a member from a group (an owner's group passes to its longest-standing member). */
  serverRemoveMember: route({
    method: 'DELETE',
    path: `${API_PREFIX}/server/rooms/{roomId}/members/{externalId}`,
    params: { roomId: 'id', externalId: 'key' },
    result: ServerRoomResultSchema,
    status: 200,
    access: 'server',
  }),
  /** Posts a message as a member or as the system; acknowledged once durable, idempotent by `clientMsgId`. */
  serverPostMessage: route({
    method: 'POST',
    path: `${API_PREFIX}/server/rooms/{roomId}/messages`,
    params: { roomId: 'id' },
    body: PostMessageBodySchema,
    result: PostMessageResultSchema,
    status: 200,
    access: 'server',
  }),
  /** A page of a room's messages; the query string is {@link messagePageSearchParams}'s. */
  serverMessages: route({
    method: 'GET',
    path: `${API_PREFIX}/server/rooms/{roomId}/messages`,
    params: { roomId: 'id' },
    query: MessagePageQuerySchema,
    result: MessagePageSchema,
    status: 200,
    access: 'server',
  }),
  /** Deletes a message, leaving a tombstone, as its sender's delete does. */
  serverDeleteMessage: route({
    method: 'DELETE',
    path: `${API_PREFIX}/server/rooms/{roomId}/messages/{seq}`,
    params: { roomId: 'id', seq: 'id' },
    result: ServerMessageResultSchema,
    status: 200,
    access: 'server',
  }),
} as const;
