// Validators at the HTTP API's two ends: a request body as the server reads it, an answer as a client reads it.

import { IChatError } from '../errors.js';
import { isFields } from '../schema/kit.js';
import { parseWith, type Schema } from '../schema/schema.js';

/**
 * Reads a request body: JSON text in, the route's typed body out.
 *
 * @throws {IChatError} `bad_request` when the text is not a JSON object or a field has the wrong shape, or the
 * body's own rule errors (`validation_failed` naming the field).
 */
export function parseBody<Body>(spec: { readonly body?: Schema<Body> }, text: string): Body {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new IChatError('bad_request', 'Body must be JSON');
  }
  if (!isFields(value)) throw new IChatError('bad_request', 'Body must be a JSON object');
  if (spec.body === undefined) throw new IChatError('bad_request', 'This route takes no body');
  return parseWith(spec.body, value, 'bad_request');
}

/**
 * Reads a successful answer as a client: the route's typed result.
 *
 * @throws {IChatError} `internal` when the server's answer does not have the promised shape.
 */
export function parseAnswer<Result>(spec: { readonly result?: Schema<Result> }, value: unknown): Result {
  if (spec.result === undefined) throw new IChatError('internal', 'This route answers no JSON');
  return parseWith(spec.result, value, 'internal');
}

/** The error an HTTP error answer carries (`{"error": {...}}`), if it carries one. */
export function errorOfAnswer(value: unknown): IChatError | undefined {
  return isFields(value) && value['error'] !== undefined ? IChatError.fromWire(value['error']) : undefined;
}
