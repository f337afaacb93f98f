// The HTTP API as one table: each route's method, path, body, answer and who may call it. The server's router and
// the SDK's HTTP client are both built from it, so a path or a shape is written down exactly once.

import type { ObjectSchema, Shape } from '../schema/kit.js';
import type { Schema } from '../schema/schema.js';
import { API_PREFIX } from '../version.js';
import {
  AuthResultSchema,
  HealthResultSchema,
  JwtLoginBodySchema,
  LoginBodySchema,
  MeResultSchema,
  RegisterBodySchema,
  STATS_SERIES,
  StatsResultSchema,
} from './bodies.js';
import { OpenApiDocumentSchema } from './openapi-document.js';
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
import { WebhooksResultSchema } from '../webhooks.js';
import { ProfileEditBodySchema } from './profile-body.js';

/**
 * Who may call a route: anyone, a signed-in user (bearer token), an administrator, or the host site's backend (an
 * API key as the bearer token). A session token never opens a `server` route, and an API key never opens any other.
 */
export type RouteAccess = 'public' | 'user' | 'admin' | 'server';

/** The HTTP methods the API uses. */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What a path parameter may hold: one of a fixed list of values, `'id'` (a positive integer such as a room id), or
 * `'key'` (any non-empty text of at most {@link PATH_KEY_MAX} characters, such as a host site's user id).
 */
export type PathParam = readonly string[] | 'id' | 'key';

/** The longest text a `'key'` path parameter may hold. */
export const PATH_KEY_MAX = 256;

/** One route of the HTTP API. */
export interface RouteSpec<Body = undefined, Result = undefined> {
  readonly method: RouteMethod;
  /** The path; `{name}` stands for a path parameter whose allowed values `params` gives. */
  readonly path: string;
  readonly params?: Readonly<Record<string, PathParam>>;
  /** The query string's fields, for routes that read one with a schema (documents list them as parameters). */
  readonly query?: ObjectSchema<Shape>;
  /** The JSON body's schema; a route without one takes no body. */
  readonly body?: Schema<Body>;
  /** The JSON answer's schema; a route without one answers with no JSON (204, or text such as /metrics). */
  readonly result?: Schema<Result>;
  /** The status of a successful answer. */
  readonly status: number;
  readonly access: RouteAccess;
}

function route<Body = undefined, Result = undefined>(spec: RouteSpec<Body, Result>): RouteSpec<Body, Result> {
  return spec;
}

/** Every route of the HTTP API, by name. */
export const ROUTES = {
  register: route({
    method: 'POST',
    path: `${API_PREFIX}/auth/register`,
    body: RegisterBodySchema,
    result: AuthResultSchema,
    status: 201,
    access: 'public',
  }),
  login: route({
    method: 'POST',
    path: `${API_PREFIX}/auth/login`,
    body: LoginBodySchema,
    result: AuthResultSchema,
    status: 200,
    access: 'public',
  }),
  /**
   * Signs in with a JWT the host site signed (`sub`, `exp`, optional `name`, `email`, `picture`): the user is created
   * on first use and their profile updated on every later one. Answers like `login`.
   */
  jwtLogin: route({
    method: 'POST',
    path: `${API_PREFIX}/auth/jwt`,
    body: JwtLoginBodySchema,
    result: AuthResultSchema,
    status: 200,
    access: 'public',
  }),
  /** Revokes the bearer token; every socket that used it is closed with 4001. */
  logout: route({ method: 'POST', path: `${API_PREFIX}/auth/logout`, status: 204, access: 'user' }),
  me: route({ method: 'GET', path: `${API_PREFIX}/me`, result: MeResultSchema, status: 200, access: 'user' }),
  /**
   * Edits the signed-in user's display name and avatar; answers the user as now stored. A host site's user is refused
   * with `forbidden`: their profile comes from the site's token at every sign-in.
   */
  updateProfile: route({
    method: 'PATCH',
    path: `${API_PREFIX}/me`,
    body: ProfileEditBodySchema,
    result: MeResultSchema,
    status: 200,
    access: 'user',
  }),
  /** Administrators' statistics; the query string is {@link statsSearchParams}'s. */
  stats: route({
    method: 'GET',
    path: `${API_PREFIX}/admin/stats/{series}`,
    params: { series: STATS_SERIES },
    result: StatsResultSchema,
    status: 200,
    access: 'admin',
  }),
  /** Administrators' view of webhooks: every endpoint and the most recent deliveries. */
  adminWebhooks: route({
    method: 'GET',
    path: `${API_PREFIX}/admin/webhooks`,
    result: WebhooksResultSchema,
    status: 200,
    access: 'admin',
  }),
  /** For load balancers: 503 with `status: "degraded"` when the database does not answer. */
  health: route({ method: 'GET', path: '/healthz', result: HealthResultSchema, status: 200, access: 'public' }),
  /** Prometheus text format. */
  metrics: route({ method: 'GET', path: '/metrics', status: 200, access: 'public' }),
  /** This API as an OpenAPI 3.1 document, generated from this table. */
  openapi: route({ method: 'GET', path: `${API_PREFIX}/openapi.json`, result: OpenApiDocumentSchema, status: 200, access: 'public' }),

  // The server API: the host site's backend, with an API key. Users are named by the host site's id for them.
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

/** The name of a route in {@link ROUTES}. */
export type RouteName = keyof typeof ROUTES;

/**
 * A route's path with its parameters filled in (each URI-encoded).
 *
 * @example
 * ```ts
 * routePath(ROUTES.stats, { series: 'messages' }); // '/api/v1/admin/stats/messages'
 * ```
 */
export function routePath(spec: { readonly path: string }, params: Readonly<Record<string, string>> = {}): string {
  return spec.path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`Route ${spec.path} needs the parameter "${name}"`);
    return encodeURIComponent(value);
  });
}

/** Whether every parameter of the route takes one of a fixed list of values, so that its paths can be listed. */
export function hasFixedPaths(spec: Pick<RouteSpec<unknown, unknown>, 'params'>): boolean {
  return Object.values(spec.params ?? {}).every((kind) => Array.isArray(kind));
}

/**
 * Every concrete path of a route whose parameters all take fixed values: one per combination of them.
 *
 * @throws {TypeError} for a route with an `'id'` or `'key'` parameter, whose paths cannot be listed; match those with
 * {@link matchRoute}.
 */
export function routePaths(spec: Pick<RouteSpec<unknown, unknown>, 'path' | 'params'>): { path: string; params: Record<string, string> }[] {
  let combos: Record<string, string>[] = [{}];
  for (const [name, kind] of Object.entries(spec.params ?? {})) {
    if (!Array.isArray(kind)) throw new TypeError(`Route ${spec.path} has the open parameter "${name}"`);
    const values: readonly string[] = kind;
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [name]: value })));
  }
  return combos.map((params) => ({ path: routePath(spec, params), params }));
}

/**
 * Matches a request path against a route's path pattern: its decoded parameters when every segment fits, else
 * undefined. An `'id'` must be a positive integer without leading zeros; a `'key'` any non-empty text of at most
 * {@link PATH_KEY_MAX} characters once decoded; a fixed parameter one of its values.
 *
 * @example
 * ```ts
 * matchRoute({ path: '/api/v1/rooms/{roomId}', params: { roomId: 'id' } }, '/api/v1/rooms/42'); // { roomId: '42' }
 * ```
 */
export function matchRoute(
  spec: Pick<RouteSpec<unknown, unknown>, 'path' | 'params'>,
  path: string,
): Record<string, string> | undefined {
  const patternParts = spec.path.split('/');
  const pathParts = path.split('/');
  if (patternParts.length !== pathParts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, pattern] of patternParts.entries()) {
    const actual = pathParts[index] ?? '';
    const name = /^\{(\w+)\}$/.exec(pattern)?.[1];
    if (name === undefined) {
      if (actual !== pattern) return undefined;
      continue;
    }
    const value = decodeSegment(actual);
    if (value === undefined || !fitsParam(spec.params?.[name], value)) return undefined;
    params[name] = value;
  }
  return params;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function fitsParam(kind: PathParam | undefined, value: string): boolean {
  if (kind === undefined) return false;
  if (kind === 'id') return /^[1-9]\d{0,14}$/.test(value);
  if (kind === 'key') return value.length > 0 && value.length <= PATH_KEY_MAX;
  return kind.includes(value);
}
