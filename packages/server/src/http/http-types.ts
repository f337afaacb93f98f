// The types of the protocol's HTTP routes: what a route's handler is given, and one handler per route.

import type { RouteName, ROUTES, RouteSpec } from '@ichat/protocol';
import type { Session } from '../auth/accounts.js';
import type { HttpRequest, HttpResponse } from '../transport/http-handler.js';

type BodyOf<S> = S extends RouteSpec<infer Body, unknown> ? Body : never;

/** What a route's handler gets: the request, its body read by the route's schema, its path parameters, the caller. */
export interface RouteContext<Body> {
  readonly request: HttpRequest;
  readonly body: Body;
  readonly params: Readonly<Record<string, string>>;
  /** The caller's session; the router has already required it for routes that are not public. */
  readonly session: Session | undefined;
}

export type RouteHandler<Body> = (context: RouteContext<Body>) => Promise<HttpResponse>;

/** One handler per route of the protocol's table: the compiler checks none is missing. */
export type RouteHandlers = { readonly [N in RouteName]: RouteHandler<BodyOf<(typeof ROUTES)[N]>> };
