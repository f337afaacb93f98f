// Validators at the socket's two ends: untrusted JSON in, a typed frame or a typed IChatError out. Nothing is cast.

import { IChatError, type WireError } from '../errors.js';
import { LIMITS } from '../rules.js';
import { isFields, string } from '../schema/kit.js';
import { Place } from '../schema/schema.js';
import { EVENTS, type EventType } from './events.js';
import type { ClientFrame, EventFrame, ServerFrame } from './frames.js';
import { REQUESTS, type RequestType, type Requests } from './requests.js';

const FRAME = new Place('invalid_frame');
const requestId = string(LIMITS.requestIdMax, 1);

function isRequestType(value: unknown): value is RequestType {
  return typeof value === 'string' && Object.hasOwn(REQUESTS, value);
}

function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.hasOwn(EVENTS, value);
}

function parseJson(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch {
    throw new IChatError('invalid_frame', 'Frame is not valid JSON');
  }
}

function frameFields(input: unknown): Readonly<Record<string, unknown>> {
  const value = parseJson(input);
  return isFields(value) ? value : FRAME.fail('Value must be an object');
}

/** The request id of a frame that failed validation, when one can be read, so the error can be correlated. */
export function readRequestId(input: unknown): string | null {
  const id: unknown = isFields(input) ? input['id'] : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= LIMITS.requestIdMax ? id : null;
}

/**
 * Reads one request's params into its frame. TypeScript cannot follow that the params schema picked by `type` reads
 * exactly that type's params (a correlated union), so the frame, read field by field just above, is typed here.
 */
function requestFrame(type: RequestType, id: string, fields: Readonly<Record<string, unknown>>): ClientFrame {
  return REQUESTS[type].params.readInto(fields, FRAME, { type, id }) as ClientFrame;
}

/**
 * Validates a client frame: JSON text or an already-parsed value in, a typed {@link ClientFrame} out.
 * Field *shapes* are checked here; domain rules (text length after trimming, names) are the server's.
 *
 * @throws {IChatError} `invalid_frame`, with `field` naming the first bad field.
 * @example
 * ```ts
 * const frame = parseClientFrame('{"type":"ping","id":"1"}'); // { type: 'ping', id: '1' }
 * ```
 */
export function parseClientFrame(input: unknown): ClientFrame {
  const fields = frameFields(input);
  const type = fields['type'];
  if (!isRequestType(type)) return FRAME.at('type').fail('Unknown frame type');
  const id = requestId.read(fields['id'], FRAME, 'id');
  return requestFrame(type, id, fields);
}

/**
 * Validates the `result` of a reply, given the request type it answers.
 *
 * @throws {IChatError} `invalid_frame` when the server's answer does not have the promised shape.
 */
export function parseResult<K extends RequestType>(type: K, value: unknown): Requests[K]['result'] {
  const result: unknown = REQUESTS[type].result.read(value, FRAME, 'result');
  // The same correlated union as in requestFrame: the schema picked by `type` read exactly that type's result.
  return result as Requests[K]['result'];
}

/** An error object as sent: anything unrecognisable is rebuilt as `internal` rather than refused. */
function wireErrorOf(value: unknown): WireError {
  return IChatError.fromWire(value).toWire();
}

/** Reads one event's fields into its frame (typed as in requestFrame, for the same reason). */
function eventFrame(type: EventType, fields: Readonly<Record<string, unknown>>): EventFrame {
  return EVENTS[type].readInto(fields, FRAME, { type }) as EventFrame;
}

/**
 * Validates a server frame. A `reply`'s `result` is left `unknown` here: the SDK knows which request it answers and
 * checks it with {@link parseResult}.
 *
 * @throws {IChatError} `invalid_frame`.
 */
export function parseServerFrame(input: unknown): ServerFrame | { type: 'reply'; id: string; result: unknown } {
  const fields = frameFields(input);
  const type = fields['type'];
  if (type === 'reply') return { type, id: requestId.read(fields['id'], FRAME, 'id'), result: fields['result'] };
  if (type === 'error') {
    const id = fields['id'] === null ? null : requestId.read(fields['id'], FRAME, 'id');
    return { type, id, error: wireErrorOf(fields['error']) };
  }
  if (!isEventType(type)) return FRAME.at('type').fail('Unknown frame type');
  return eventFrame(type, fields);
}
