// Plain request and response types for HTTP routes, so routes run without uWS and are testable in memory.

import type { RouteName, ROUTES, RouteSpec } from '@ichat/protocol';
import type { Session } from '../auth/accounts.js';

/** A fully read HTTP request. Header names are lower-case. */
export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: ReadonlyMap<string, string>;
  remoteAddress: string;
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

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
