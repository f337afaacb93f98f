// Routes an HTTP request: CORS and origin checks, the API table, then static files.

import { API_PREFIX, IChatError } from '@ichat/sdk/protocol';
import type { OriginPolicy } from './cors.js';
import type { HttpRequest, HttpResponse, Route } from './http-types.js';
import { errorResponse, noContent } from './responses.js';

type StaticHandler = (request: HttpRequest) => Promise<HttpResponse | undefined>;

export class Router {
  readonly #routes = new Map<string, Route>();
  readonly #origins: OriginPolicy;
  readonly #serveStatic: StaticHandler;

  readonly #answered: (status: number) => void;

  /** `answered` sees the status of every response (for metrics). */
  constructor(
    routes: readonly Route[],
    origins: OriginPolicy,
    serveStatic: StaticHandler,
    answered: (status: number) => void = () => undefined,
  ) {
    for (const route of routes) this.#routes.set(`${route.method} ${route.path}`, route);
    this.#origins = origins;
    this.#serveStatic = serveStatic;
    this.#answered = answered;
  }

  /** Answers a request. Never throws. */
  async handle(request: HttpRequest): Promise<HttpResponse> {
    const origin = request.headers.get('origin');
    const host = request.headers.get('host');
    const cors = this.#origins.headers(origin, host);
    const isApi = request.path.startsWith(`${API_PREFIX}/`);
    let response: HttpResponse;
    try {
      if (isApi && !this.#origins.allows(origin, host)) {
        throw new IChatError('origin_not_allowed', 'This origin may not use this server');
      }
      if (request.method === 'OPTIONS') {
        response = noContent();
      } else {
        const route = this.#routes.get(`${request.method} ${request.path}`);
        response = route !== undefined ? await route.handler(request) : await this.#fallback(request, isApi);
      }
    } catch (error) {
      response = errorResponse(error);
    }
    Object.assign(response.headers, cors);
    // Every answer, not only the JSON ones: /metrics' text and static files must not be sniffed into something else.
    response.headers['x-content-type-options'] = 'nosniff';
    this.#answered(response.status);
    return response;
  }

  async #fallback(request: HttpRequest, isApi: boolean): Promise<HttpResponse> {
    const known = [...this.#routes.values()].some((route) => route.path === request.path);
    if (known) throw new IChatError('method_not_allowed', `${request.method} is not supported here`);
    const file = isApi ? undefined : await this.#serveStatic(request);
    if (file === undefined) throw new IChatError('not_found', 'Not found');
    return file;
  }
}
