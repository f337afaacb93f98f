// The HTTP API as one table: each route's method, path, body, answer and who may call it. The server's router and
// the SDK's HTTP client are both built from it, so a path or a shape is written down exactly once.

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

/** Who may call a route: anyone, a signed-in user (bearer token), or an administrator. */
export type RouteAccess = 'public' | 'user' | 'admin';

/** One route of the HTTP API. */
export interface RouteSpec<Body = undefined, Result = undefined> {
  readonly method: 'GET' | 'POST';
  /** The path; `{name}` stands for a path parameter whose allowed values are in `params`. */
  readonly path: string;
  readonly params?: Readonly<Record<string, readonly string[]>>;
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
  /** Administrators' statistics; the query string is {@link statsSearchParams}'s. */
  stats: route({
    method: 'GET',
    path: `${API_PREFIX}/admin/stats/{series}`,
    params: { series: STATS_SERIES },
    result: StatsResultSchema,
    status: 200,
    access: 'admin',
  }),
  /** For load balancers: 503 with `status: "degraded"` when the database does not answer. */
  health: route({ method: 'GET', path: '/healthz', result: HealthResultSchema, status: 200, access: 'public' }),
  /** Prometheus text format. */
  metrics: route({ method: 'GET', path: '/metrics', status: 200, access: 'public' }),
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

/** Every concrete path of a route: one per combination of its parameters' allowed values. */
export function routePaths(spec: Pick<RouteSpec<unknown, unknown>, 'path' | 'params'>): { path: string; params: Record<string, string> }[] {
  let combos: Record<string, string>[] = [{}];
  for (const [name, values] of Object.entries(spec.params ?? {})) {
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [name]: value })));
  }
  return combos.map((params) => ({ path: routePath(spec, params), params }));
}
