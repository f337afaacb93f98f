// Routes an HTTP request: CORS and origin checks, the protocol's route table (body, caller), then static files.

import { API_PREFIX, hasFixedPaths, IChatError, matchRoute, parseBody, ROUTES, routePaths, type RouteSpec } from '@ichat/protocol';
import type { Session } from '../auth/accounts.js';
import type { HttpRequest, HttpResponse } from '../transport/http-handler.js';
import type { OriginPolicy } from './cors.js';
import type { RouteHandler, RouteHandlers } from './http-types.js';
import { bearerToken, errorResponse, noContent, requireJsonType } from './responses.js';

type StaticHandler = (request: HttpRequest) => Promise<HttpResponse | undefined>;

/** Finds the session of a bearer token, if it is valid. */
export type Authenticate = (token: string) => Promise<Session | undefined>;

/** Whether a bearer token is a current server API key. */
export type AuthenticateApiKey = (key: string) => Promise<boolean>;

/** One concrete path of a route, with the handler that serves it. */
interface BoundRoute {
  readonly spec: RouteSpec<unknown, unknown>;
  readonly params: Readonly<Record<string, string>>;
  readonly handler: RouteHandler<unknown>;
}

export interface RouterOptions {
  readonly handlers: RouteHandlers;
  readonly authenticate: Authenticate;
  readonly authenticateApiKey: AuthenticateApiKey;
  readonly origins: OriginPolicy;
  readonly serveStatic: StaticHandler;
  /** Sees the status of every response (for metrics). */
  readonly answered?: (status: number) => void;
}

/** A route with an `'id'` or `'key'` parameter, matched segment by segment. */
interface OpenRoute {
  readonly spec: RouteSpec<unknown, unknown>;
  readonly handler: RouteHandler<unknown>;
}

export class Router {
  /** Routes whose every path is known, by "METHOD path": one lookup per request. */
  readonly #routes = new Map<string, BoundRoute>();
  readonly #paths = new Set<string>();
  /** Routes with open parameters; few, so a scan of them costs less than any index would save. */
  readonly #openRoutes: OpenRoute[] = [];
  readonly #options: RouterOptions;

  constructor(options: RouterOptions) {
    this.#options = options;
    for (const name of Object.keys(ROUTES) as (keyof typeof ROUTES)[]) {
      const spec: RouteSpec<unknown, unknown> = ROUTES[name];
      // Each handler takes the body its own route's schema reads; the router reads it with that same schema below.
      const handler = options.handlers[name] as RouteHandler<unknown>;
      if (!hasFixedPaths(spec)) {
        this.#openRoutes.push({ spec, handler });
        continue;
      }
      for (const { path, params } of routePaths(spec)) {
        this.#routes.set(`${spec.method} ${path}`, { spec, params, handler });
        this.#paths.add(path);
      }
    }
  }

  /** The route serving this method and path, with its parameters, if any. */
  #find(method: string, path: string): BoundRoute | undefined {
    const fixed = this.#routes.get(`${method} ${path}`);
    if (fixed !== undefined) return fixed;
    for (const { spec, handler } of this.#openRoutes) {
      if (spec.method !== method) continue;
      const params = matchRoute(spec, path);
      if (params !== undefined) return { spec, params, handler };
    }
    return undefined;
  }

  /** Whether some route, of any method, serves this path. */
  #knows(path: string): boolean {
    return this.#paths.has(path) || this.#openRoutes.some(({ spec }) => matchRoute(spec, path) !== undefined);
  }

  /** Answers a request. Never throws. */
  async handle(request: HttpRequest): Promise<HttpResponse> {
    const origin = request.headers.get('origin');
    const host = request.headers.get('host');
    const cors = this.#options.origins.headers(origin, host);
    const isApi = request.path.startsWith(`${API_PREFIX}/`);
    let response: HttpResponse;
    try {
      if (isApi && !this.#options.origins.allows(origin, host)) {
        throw new IChatError('origin_not_allowed', 'This origin may not use this server');
      }
      if (request.method === 'OPTIONS') {
        response = noContent();
      } else {
        const route = this.#find(request.method, request.path);
        response = route !== undefined ? await this.#serve(route, request) : await this.#fallback(request, isApi);
      }
    } catch (error) {
      response = errorResponse(error);
    }
    // Both may name what the answer varies by (static files: Accept-Encoding; CORS: Origin), and a cache needs both.
    const vary = [response.headers['vary'], cors['vary']].filter((value) => value !== undefined).join(', ');
    Object.assign(response.headers, cors);
    if (vary !== '') response.headers['vary'] = vary;
    // Every answer, not only the JSON ones: /metrics' text and static files must not be sniffed into something else.
    response.headers['x-content-type-options'] = 'nosniff';
    this.#options.answered?.(response.status);
    return response;
  }

  async #serve(route: BoundRoute, request: HttpRequest): Promise<HttpResponse> {
    const access = route.spec.access;
    if (access === 'server') await this.#backend(request);
    const session = access === 'public' || access === 'server' ? undefined : await this.#caller(route.spec, request);
    if (route.spec.body !== undefined) requireJsonType(request);
    const body = route.spec.body === undefined ? undefined : parseBody(route.spec, request.body.toString('utf8'));
    return route.handler({ request, body, params: route.params, session });
  }

  async #caller(spec: RouteSpec<unknown, unknown>, request: HttpRequest): Promise<Session> {
    const token = bearerToken(request.headers.get('authorization'));
    const session = token === undefined ? undefined : await this.#options.authenticate(token);
    if (session === undefined) throw new IChatError('unauthorized', 'A valid bearer token is required');
    if (spec.access === 'admin' && !session.user.isAdmin) throw new IChatError('forbidden', 'Administrators only');
    return session;
  }

  /** Requires a server API key: a session token, however valid, is refused like a wrong key. */
  async #backend(request: HttpRequest): Promise<void> {
    const key = bearerToken(request.headers.get('authorization'));
    if (key === undefined || !(await this.#options.authenticateApiKey(key))) {
      throw new IChatError('unauthorized', 'A valid API key is required');
    }
  }

  async #fallback(request: HttpRequest, isApi: boolean): Promise<HttpResponse> {
    if (this.#knows(request.path)) throw new IChatError('method_not_allowed', `${request.method} is not supported here`);
    const file = isApi ? undefined : await this.#options.serveStatic(request);
    if (file === undefined) throw new IChatError('not_found', 'Not found');
    return file;
  }
}
