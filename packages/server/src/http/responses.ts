// Building answers: a route's JSON result, and the one error shape {"error":{"code","message","field"?}}.

import { IChatError, type RouteSpec } from '@ichat/protocol';
import type { HttpResponse } from './http-types.js';

export function json(status: number, value: unknown): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(value),
  };
}

/** A route's successful answer, typed by the route's result schema, with its status (or another one given). */
export function answer<Result>(spec: RouteSpec<unknown, Result>, result: Result, status = spec.status): HttpResponse {
  return json(status, result);
}

/** A route's successful answer without a body (204). */
export function noContent(): HttpResponse {
  return { status: 204, headers: {}, body: '' };
}

/** Any thrown value as an HTTP error answer; unknown errors become `internal` without leaking details. */
export function errorResponse(error: unknown): HttpResponse {
  const typed = error instanceof IChatError ? error : new IChatError('internal', 'Something went wrong on the server');
  const response = json(typed.status, { error: typed.toWire() });
  if (typed.retryAfterMs !== undefined) response.headers['retry-after'] = String(Math.ceil(typed.retryAfterMs / 1000));
  return response;
}

/** The bearer token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}
