// Building answers: a route's JSON result, and the one error shape {"error":{"code","message","field"?}}.

import { IChatError, type RouteSpec } from '@ichat/protocol';
import type { HttpRequest, HttpResponse } from '../transport/http-handler.js';

/**
 * Headers of every API answer. `nosniff` stops a browser from reading an answer as another type than it says (an
 * error body that echoes input, rendered as HTML, say).
 */
const API_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

export function json(status: number, value: unknown): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...API_HEADERS },
    body: JSON.stringify(value),
  };
}

/** A route's successful answer, typed by the route's result schema, with its status (or another one given). */
export function answer<Result>(spec: RouteSpec<unknown, Result>, result: Result, status = spec.status): HttpResponse {
  return json(status, result);
}

/** A 204 answer: no body, the API's headers. */
export function noContent(): HttpResponse {
  return { status: 204, headers: { ...API_HEADERS }, body: '' };
}

/** 202 with no body: the request is taken and its work (an e-mail) queued. */
export function accepted(): HttpResponse {
  return { status: 202, headers: { ...API_HEADERS }, body: '' };
}

/** Any thrown value as an HTTP error answer; unknown errors become `internal` without leaking details. */
export function errorResponse(error: unknown): HttpResponse {
  const typed = error instanceof IChatError ? error : new IChatError('internal', 'Something went wrong on the server');
  const response = json(typed.status, { error: typed.toWire() });
  if (typed.retryAfterMs !== undefined) response.headers['retry-after'] = String(Math.ceil(typed.retryAfterMs / 1000));
  return response;
}

/** Whether a Content-Type header names JSON; parameters such as `; charset=utf-8` are allowed. */
function isJsonType(header: string | undefined): boolean {
  return header?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * Checks a request with a body says it is JSON, before its bytes are read: a form or `text/plain` POST is one a
 * browser sends cross-site without a preflight, so it must not be read as JSON.
 *
 * @throws {IChatError} `unsupported_media_type` unless the body is sent as `application/json`.
 */
export function requireJsonType(request: HttpRequest): void {
  if (!isJsonType(request.headers.get('content-type'))) {
    throw new IChatError('unsupported_media_type', 'Send the body as JSON, with content-type: application/json');
  }
}

/** The bearer token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}
