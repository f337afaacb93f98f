// The envelopes of the WebSocket protocol: request, reply, error and event frames, built from the request and event
// tables.

import type { WireError } from '../errors.js';
import type { EventType, Events } from './events.js';
import type { RequestType, Requests } from './requests.js';

/** A request frame of one type. */
export type RequestFrame<K extends RequestType> = { type: K; id: string } & Requests[K]['params'];

/** Any frame a client sends. */
export type ClientFrame = { [K in RequestType]: RequestFrame<K> }[RequestType];

/** The successful reply to a request. */
export interface ReplyFrame<K extends RequestType = RequestType> {
  type: 'reply';
  id: string;
  result: Requests[K]['result'];
}

/** A refused request (`id` set) or a problem with a frame that had no readable id (`id: null`). */
export interface ErrorFrame {
  type: 'error';
  id: string | null;
  error: WireError;
}

/** A pushed event frame of one type. */
export type EventFrame<K extends EventType = EventType> = { [T in K]: { type: T } & Events[T] }[K];

/** Any frame the server sends. */
export type ServerFrame = ReplyFrame | ErrorFrame | EventFrame;
