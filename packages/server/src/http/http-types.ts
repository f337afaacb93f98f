// Plain request and response types for HTTP routes, so routes run without uWS and are testable in memory.

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

export type RouteHandler = (request: HttpRequest) => Promise<HttpResponse>;

/** One route: an exact method and path. */
export interface Route {
  method: 'GET' | 'POST' | 'HEAD';
  path: string;
  handler: RouteHandler;
}
