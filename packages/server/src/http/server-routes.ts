// The server API: the host site's backend manages its users, rooms and messages. The router has checked the API key;
// every change goes through the chat core's actions, so live sockets see it exactly as if a user had made it.

import { IChatError, parseMessagePageQuery, ROUTES, type Chat, type ServerRoom, type ServerUser } from '@ichat/protocol';
import type { Accounts } from '../auth/accounts.js';
import type { HostIdentities } from '../auth/host-identities.js';
import type { ChatService } from '../chat/chat-service.js';
import type { Store, UserRecord } from '../store/contract/store.js';
import type { RouteHandlers } from './http-types.js';
import { answer } from './responses.js';

const DEFAULT_PAGE = 50;

/** What the server API works with. */
export interface ServerApiDeps {
  readonly store: Store;
  readonly accounts: Accounts;
  readonly chat: ChatService;
  /** Finds and creates the host site's users, as JWT sign-in does. */
  readonly identities: HostIdentities;
  /** The issuer the host site's users are filed under: the configured `ICHAT_JWT_ISSUER`, or `''` when none is. */
  readonly issuer: string;
  /** A user was created (for the admins' live feed, as a registration is). */
  readonly registered: (user: { id: number; username: string; createdAt: number }) => void;
}

/** A host site's user as its backend sees them. */
export function toServerUser(user: UserRecord & { host: NonNullable<UserRecord['host']> }): ServerUser {
  return {
    id: user.id,
    externalId: user.host.subject,
    username: user.username,
    displayName: user.displayName,
    avatarUrl: user.avatarUrl,
    email: user.host.email,
    data: user.data,
    createdAt: user.createdAt,
    bannedAt: user.bannedAt,
  };
}

function toServerRoom(chat: Chat): ServerRoom {
  const { roomId, kind, name, ownerId, createdAt, lastSeq, lastActivityAt, members } = chat;
  return { id: roomId, kind, name, ownerId, createdAt, lastSeq, lastActivityAt, members };
}

/** Handlers of the `/api/v1/server/…` routes. */
export function serverRoutes(
  deps: ServerApiDeps,
): Pick<
  RouteHandlers,
  | 'serverUpsertUser'
  | 'serverGetUser'
  | 'serverCreateSession'
  | 'serverBanUser'
  | 'serverUnbanUser'
  | 'serverCreateRoom'
  | 'serverAddMembers'
  | 'serverRemoveMember'
  | 'serverPostMessage'
  | 'serverMessages'
  | 'serverDeleteMessage'
> {
  const { store, accounts, chat } = deps;

  /** The host site's user with this id; `not_found` naming `field` when there is none. */
  const hostUser = async (externalId: string | undefined, field?: string): Promise<UserRecord & { host: NonNullable<UserRecord['host']> }> => {
    const user = externalId === undefined ? undefined : await store.users.findByHostIdentity({ issuer: deps.issuer, subject: externalId });
    const host = user?.host ?? null;
    if (user === undefined || host === null) {
      throw new IChatError('not_found', `No user with the external id "${externalId ?? ''}"`, field === undefined ? {} : { field });
    }
    return { ...user, host };
  };
  const hostUsers = async (externalIds: readonly string[], field: string): Promise<UserRecord[]> =>
    Promise.all(externalIds.map((externalId, index) => hostUser(externalId, `${field}.${index}`)));

  /** The room of a path's `roomId`; `not_found` when there is none. */
  const roomOf = async (param: string | undefined) => {
    const room = await store.rooms.find(Number(param));
    if (room === undefined) throw new IChatError('not_found', 'Room not found');
    return room;
  };
  /** The room as it is now, seen through one of its members (the parts the server API answers are the same for all). */
  const viewOf = async (roomId: number): Promise<ServerRoom> => {
    const [member] = await store.rooms.memberIds(roomId);
    const view = member === undefined ? undefined : await store.chats.view(roomId, member);
    if (view === undefined) throw new IChatError('not_found', 'Room not found');
    return toServerRoom(view);
  };
  const ban = async (externalId: string | undefined, banned: boolean): Promise<ServerUser> => {
    const user = await hostUser(externalId);
    const updated = await chat.setBanned(user.id, banned);
    return toServerUser({ ...(updated ?? user), host: user.host });
  };

  return {
    serverUpsertUser: async ({ params, body }) => {
      const subject = params['externalId'] ?? '';
      const profile = { displayName: body.displayName ?? null, avatarUrl: body.avatarUrl ?? null, email: body.email ?? null };
      // Found or created, and the profile replaced, exactly as a sign-in JWT with these claims would do it.
      const { user, created, profileChanged } = await deps.identities.signIn({ issuer: deps.issuer, subject, ...profile }, Date.now());
      // A second write: should the server stop between the two, repeating the PUT (idempotent) completes it.
      const stored = (await store.users.updateProfile(user.id, { data: body.data ?? {} })) ?? user;
      if (created) deps.registered({ id: stored.id, username: stored.username, createdAt: stored.createdAt });
      // The user's contacts see a new name, picture or data at once, as after a profile edit; a new user has none yet.
      else if (profileChanged || JSON.stringify(stored.data) !== JSON.stringify(user.data)) await chat.announceProfile(stored);
      return answer(ROUTES.serverUpsertUser, { user: toServerUser(await hostUser(subject)), created });
    },
    serverGetUser: async ({ params }) => answer(ROUTES.serverGetUser, { user: toServerUser(await hostUser(params['externalId'])) }),
    serverCreateSession: async ({ params }) =>
      answer(ROUTES.serverCreateSession, await accounts.issueSession(await hostUser(params['externalId']), Date.now())),
    serverBanUser: async ({ params }) => answer(ROUTES.serverBanUser, { user: await ban(params['externalId'], true) }),
    serverUnbanUser: async ({ params }) => answer(ROUTES.serverUnbanUser, { user: await ban(params['externalId'], false) }),
    serverCreateRoom: async ({ body }) => {
      const members = await hostUsers(body.members, 'members');
      if (body.kind === 'direct') {
        // The body's schema requires two different external ids, so two different users were found.
        const [first, second] = members;
        if (first === undefined || second === undefined) throw new IChatError('validation_failed', 'A direct room has two members', { field: 'members' });
        const { roomId, created } = await chat.roomActions.openDirect(first.id, second.id, 'members');
        return answer(ROUTES.serverCreateRoom, { room: await viewOf(roomId), created });
      }
      // The body's schema requires a name and an owner for a group.
      if (body.name === undefined) throw new IChatError('validation_failed', 'A group needs a name', { field: 'name' });
      const owner = await hostUser(body.owner, 'owner');
      const roomId = await chat.roomActions.createGroup(
        owner.id,
        body.name,
        members.map((member) => member.id),
      );
      return answer(ROUTES.serverCreateRoom, { room: await viewOf(roomId), created: true });
    },
    serverAddMembers: async ({ params, body }) => {
      const room = await roomOf(params['roomId']);
      if (room.kind === 'direct') throw new IChatError('forbidden', 'Direct rooms have fixed members');
      const users = await hostUsers(body.members, 'members');
      await chat.roomActions.addMembers(
        room.id,
        users.map((user) => user.id),
      );
      return answer(ROUTES.serverAddMembers, { room: await viewOf(room.id) });
    },
    serverRemoveMember: async ({ params }) => {
      const room = await roomOf(params['roomId']);
      if (room.kind === 'direct') throw new IChatError('forbidden', 'Direct rooms have fixed members');
      const user = await hostUser(params['externalId']);
      const members = await store.rooms.memberIds(room.id);
      if (!members.includes(user.id)) throw new IChatError('not_found', 'That user is not a member of this room');
      // A room nobody is in could be seen by nobody, nor handed to anyone: a group keeps its last member.
      if (members.length === 1) throw new IChatError('validation_failed', 'A group keeps at least one member');
      await chat.roomActions.removeMember(room.id, user.id);
      return answer(ROUTES.serverRemoveMember, { room: await viewOf(room.id) });
    },
    serverPostMessage: async ({ params, body }) => {
      const room = await roomOf(params['roomId']);
      let senderId: number | null = null;
      if (body.sender !== undefined) {
        const sender = await hostUser(body.sender, 'sender');
        if (sender.bannedAt !== null) throw new IChatError('banned', 'This user is banned', { field: 'sender' });
        if (!(await store.rooms.memberIds(room.id)).includes(sender.id)) {
          throw new IChatError('forbidden', 'The sender is not a member of this room', { field: 'sender' });
        }
        senderId = sender.id;
      }
      const result = await chat.messageActions.post({ roomId: room.id, senderId, clientMsgId: body.clientMsgId, text: body.text });
      return answer(ROUTES.serverPostMessage, result);
    },
    serverMessages: async ({ params, request }) => {
      const room = await roomOf(params['roomId']);
      const query = parseMessagePageQuery(request.query);
      const page = await store.messages.history(room.id, {
        limit: query.limit ?? DEFAULT_PAGE,
        ...(query.before === undefined ? {} : { before: query.before }),
        ...(query.after === undefined ? {} : { after: query.after }),
      });
      return answer(ROUTES.serverMessages, page);
    },
    serverDeleteMessage: async ({ params }) => {
      const room = await roomOf(params['roomId']);
      const seq = Number(params['seq']);
      const message = await store.messages.find(room.id, seq);
      if (message === undefined || message.deleted) throw new IChatError('not_found', 'Message not found');
      return answer(ROUTES.serverDeleteMessage, { message: await chat.messageActions.delete(room.id, seq) });
    },
  };
}
