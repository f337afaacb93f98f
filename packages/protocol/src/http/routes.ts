// The HTTP API as one table: each route's method, path, body, answer and who may call it. The server's router and
// the SDK's HTTP client are both built from it, so a path or a shape is written down exactly once.

import { PATH_KEY_MAX, route, type PathParam, type RouteSpec } from './route-spec.js';
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
import { WebhooksResultSchema } from '../webhooks.js';
import { ProfileEditBodySchema } from './profile-body.js';
import { SERVER_ROUTES } from './server-routes.js';
import { EMAIL_ROUTES } from './email-routes.js';
import { MODERATION_ROUTES } from './moderation-routes.js';
import { ATTACHMENT_ROUTES } from './attachment-routes.js';

export { PATH_KEY_MAX, type PathParam, type RouteAccess, type RouteMethod, type RouteSpec } from './route-spec.js';

/**
 * The routes browsers and apps call, by name: accounts, statistics, operations. Apart from {@link SERVER_ROUTES} so
 * that a client bundle built from these leaves the server API's routes and schemas out (they are unused there).
 */
export const CLIENT_ROUTES = {
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
  ...ATTACHMENT_ROUTES,
} as const;

/** The server API's routes, for the host site's backend with an API key; see server-routes.ts. */
export { SERVER_ROUTES } from './server-routes.js';
/** Password reset, address verification, the e-mail preference and unsubscribe; see email-routes.ts. */
export { EMAIL_ROUTES } from './email-routes.js';

/** The administrators' moderation routes; see moderation-routes.ts. */
export { MODERATION_ROUTES } from './moderation-routes.js';

/** Route tables as one. A pure call, so that a bundle that uses none of the whole tables drops the joined one. */
function joinRoutes<A extends object, B extends object, C extends object, D extends object>(a: A, b: B, c: C, d: D): A & B & C & D {
  return { ...a, ...b, ...c, ...d };
}

/**
 * Every route of the HTTP API, by name: {@link CLIENT_ROUTES}, {@link EMAIL_ROUTES}, {@link SERVER_ROUTES} and
 * {@link MODERATION_ROUTES}. The e-mail, server API and moderation routes are tables of their own so that the chat
 * widget's bundle (built from the client routes) does not carry their schemas.
 */
export const ROUTES = /* @__PURE__ */ joinRoutes(CLIENT_ROUTES, EMAIL_ROUTES, SERVER_ROUTES, MODERATION_ROUTES);

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
