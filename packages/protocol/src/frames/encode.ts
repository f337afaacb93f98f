// Encoders: the only place a frame becomes JSON text, so every frame on the wire has the declared envelope.

import type { WireError } from '../errors.js';
import type { EventType, Events } from './events.js';
import type { RequestType, Requests } from './requests.js';

/**
 * A request frame, `{ type, id, ...params }`. The params are spread first so a stray `type` or `id` among them can
 * never override the envelope's.
 */
export function encodeRequest<K extends RequestType>(type: K, id: string, params: Requests[K]['params']): string {
  return JSON.stringify({ ...params, type, id });
}

/** The successful reply to request `id`. */
export function encodeReply<K extends RequestType>(id: string, result: Requests[K]['result']): string {
  return JSON.stringify({ type: 'reply', id, result });
}

/** An error frame: the answer to request `id`, or `null` when the frame it answers had no readable id. */
export function encodeError(id: string | null, error: WireError): string {
  return JSON.stringify({ type: 'error', id, error });
}

/**
 * A pushed event. Serialised once per broadcast and published as bytes to every subscriber.
 *
 * @example
 * ```ts
 * broker.publish(roomTopic(roomId), encodeEvent('message', { message }));
 * ```
 */
export function encodeEvent<K extends EventType>(type: K, body: Events[K]): string {
  return JSON.stringify({ type, ...body });
}

/**
 * The text every encoded server frame of this type starts with. The encoders always write `type` first, so a client
 * that only needs to sort frames (a load generator, a proxy) can do it on the bytes without parsing them.
 *
 * @example
 * ```ts
 * encodedTypePrefix('message'); // '{"type":"message",'
 * ```
 */
export function encodedTypePrefix(type: EventType | 'reply' | 'error'): string {
  return `{"type":${JSON.stringify(type)},`;
}
