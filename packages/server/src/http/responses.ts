// Building JSON answers and the one error shape: {"error":{"code","message","field"?}}.

import { IChatError } from '@ichat/sdk/protocol';
import type { HttpResponse } from './http-types.js';

export function json(status: number, value: unknown): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(value),
  };
}

/** Any thrown value as an HTTP error answer; unknown errors become `internal` without leaking details. */
export function errorResponse(error: unknown): HttpResponse {
  const typed = error instanceof IChatError ? error : new IChatError('internal', 'Something went wrong on the server');
  const response = json(typed.status, { error: typed.toWire() });
  if (typed.retryAfterMs !== undefined) response.headers['retry-after'] = String(Math.ceil(typed.retryAfterMs / 1000));
  return response;
}

/** Parses a JSON object body. @throws {IChatError} `bad_request`. */
export function jsonBody(body: Buffer): Readonly<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new IChatError('bad_request', 'Body must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new IChatError('bad_request', 'Body must be a JSON object');
  }
  return { ...value };
}

/** The bearer token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}
