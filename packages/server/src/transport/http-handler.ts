// Plain HTTP requests and responses, and the handler a transport serves them with: routes run without uWS.

/** A fully read HTTP request. Header names are lower-case. */
export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: ReadonlyMap<string, string>;
  /** The client's address, as `client-address.ts` resolves it (a trusted proxy's X-Forwarded-For, or the peer). */
  remoteAddress: string;
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** Answers a request; never rejects (every failure is an error response). The router implements it. */
export type HttpHandler = (request: HttpRequest) => Promise<HttpResponse>;
