// The server API's client: one typed method per `/api/v1/server/…` route, over the SDK's HTTP calls, the API key as
// bearer token, every answer read by its route's schema and every error rebuilt as IChatError.

import {
  messagePageSearchParams,
  parseAnswer,
  SERVER_ROUTES,
  type AuthResult,
  type CreateRoomBody,
  type CreateRoomResult,
  type Message,
  type MessagePage,
  type MessagePageQuery,
  type PostMessageBody,
  type PostMessageResult,
  type RouteSpec,
  type ServerRoom,
  type ServerUser,
  type UpsertUserBody,
  type UpsertUserResult,
} from '@ichat/protocol';
import { HttpApi, type FetchFunction, type RouteCall } from '../http-api.js';

/** Where the server is and how to call it. */
export interface ServerClientOptions {
  /** The server's base URL, `https://chat.example.com`. */
  url: string;
  /** A key from `ichat-server api-key create`. Keep it on the backend: it acts for every user. */
  apiKey: string;
  /** The `fetch` to call; the global one unless another is given. */
  fetch?: FetchFunction;
}

/** The server API of one iChat server, as the host site's backend calls it. */
export class ServerClient {
  readonly #api: HttpApi;
  readonly #apiKey: string;

  constructor(options: ServerClientOptions) {
    this.#api = new HttpApi(options.url, options.fetch ?? ((input, init) => globalThis.fetch(input, init)));
    this.#apiKey = options.apiKey;
  }

  /**
   * Creates the user the site knows as `externalId` (their JWT `sub`), or replaces their profile; a field left out is
   * cleared. Answers the user and whether this call created them.
   * @throws {IChatError} `validation_failed` naming the field, `unauthorized`.
   * @example
   * ```ts
   * const { user } = await api.upsertUser('u-42', { displayName: 'Ada Lovelace', data: { plan: 'pro' } });
   * ```
   */
  upsertUser(externalId: string, profile: UpsertUserBody): Promise<UpsertUserResult> {
    return this.#call(SERVER_ROUTES.serverUpsertUser, { params: { externalId }, body: profile });
  }

  /** A user by the site's id for them (their JWT `sub`). @throws {IChatError} `not_found`, `unauthorized`. */
  async getUser(externalId: string): Promise<ServerUser> {
    return (await this.#call(SERVER_ROUTES.serverGetUser, { params: { externalId } })).user;
  }

  /**
   * A session token for a user, to hand to their browser (`createClient({ token })`).
   * @throws {IChatError} `not_found`, `banned`.
   */
  createSession(externalId: string): Promise<AuthResult> {
    return this.#call(SERVER_ROUTES.serverCreateSession, { params: { externalId } });
  }

  /** Bans a user: their sockets close with 4003, their sessions end. @throws {IChatError} `not_found`. */
  async banUser(externalId: string): Promise<ServerUser> {
    return (await this.#call(SERVER_ROUTES.serverBanUser, { params: { externalId } })).user;
  }

  /** Lifts a user's ban. @throws {IChatError} `not_found`. */
  async unbanUser(externalId: string): Promise<ServerUser> {
    return (await this.#call(SERVER_ROUTES.serverUnbanUser, { params: { externalId } })).user;
  }

  /**
   * Creates a group, or opens the direct room of two users (`created: false` when it existed).
   * @throws {IChatError} `bad_request` or `validation_failed` naming the field, `not_found` for an unknown user.
   * @example
   * ```ts
   * const { room } = await api.createRoom({ kind: 'group', name: 'Order 42', owner: 'u-1', members: ['u-2'] });
   * ```
   */
  createRoom(body: CreateRoomBody): Promise<CreateRoomResult> {
    return this.#call(SERVER_ROUTES.serverCreateRoom, { body });
  }

  /** Adds users to a group. @throws {IChatError} `not_found`, `forbidden` for a direct room. */
  async addMembers(roomId: number, members: readonly string[]): Promise<ServerRoom> {
    return (await this.#call(SERVER_ROUTES.serverAddMembers, { params: { roomId: String(roomId) }, body: { members } })).room;
  }

  /** Takes a user out of a group. @throws {IChatError} `not_found`, `forbidden`, `validation_failed` (last member). */
  async removeMember(roomId: number, externalId: string): Promise<ServerRoom> {
    return (await this.#call(SERVER_ROUTES.serverRemoveMember, { params: { roomId: String(roomId), externalId } })).room;
  }

  /**
   * Posts a message as `sender` (a member), or as a system message without one. Answers once it is stored; calling
   * again with the same `clientMsgId` answers the stored message with `duplicate: true`, so a retry is always safe.
   * @throws {IChatError} `not_found`, `forbidden` (sender not a member), `banned`, `validation_failed`.
   */
  postMessage(roomId: number, body: PostMessageBody): Promise<PostMessageResult> {
    return this.#call(SERVER_ROUTES.serverPostMessage, { params: { roomId: String(roomId) }, body });
  }

  /** A page of a room's messages (the newest 50 unless `query` says otherwise). @throws {IChatError} `not_found`. */
  messages(roomId: number, query: MessagePageQuery = {}): Promise<MessagePage> {
    return this.#call(SERVER_ROUTES.serverMessages, { params: { roomId: String(roomId) }, query: messagePageSearchParams(query) });
  }

  /** Deletes a message, leaving a tombstone. @throws {IChatError} `not_found`. */
  async deleteMessage(roomId: number, seq: number): Promise<Message> {
    return (await this.#call(SERVER_ROUTES.serverDeleteMessage, { params: { roomId: String(roomId), seq: String(seq) } })).message;
  }

  async #call<Result>(spec: RouteSpec<unknown, Result>, call: Omit<RouteCall, 'spec' | 'token'>): Promise<Result> {
    return parseAnswer(spec, await this.#api.call({ ...call, spec, token: this.#apiKey }));
  }
}

/**
 * The server API client for a backend.
 *
 * @example
 * ```ts
 * import { createServerClient } from '@ichat/sdk/server';
 *
 * const api = createServerClient({ url: 'https://chat.example.com', apiKey: process.env.ICHAT_API_KEY ?? '' });
 * await api.postMessage(roomId, { clientMsgId: `order-${order.id}-shipped`, text: 'Your order has shipped' });
 * ```
 */
export function createServerClient(options: ServerClientOptions): ServerClient {
  return new ServerClient(options);
}
