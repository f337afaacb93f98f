// `@ichat/sdk/server`: the typed client of the server API, for the host site's backend (Node, with an API key).

export { createServerClient, ServerClient, type ServerClientOptions } from './server-client.js';
export type {
  AddMembersBody,
  AuthResult,
  CreateRoomBody,
  CreateRoomResult,
  Message,
  MessagePage,
  MessagePageQuery,
  PostMessageBody,
  PostMessageResult,
  ServerRoom,
  ServerUser,
  UpsertUserBody,
  UpsertUserResult,
} from '@ichat/protocol';
export { IChatError } from '@ichat/protocol';
