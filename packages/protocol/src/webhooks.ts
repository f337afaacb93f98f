// Webhooks: the events the server POSTs to the host site's backend, the envelope around each, the signature headers,
// and the administrators' view of endpoints and deliveries. Declared once here, so the server writes what the
// receiver's validator (and the documentation's examples) read.

import { MessageSchema, ROOM_KINDS } from './models.js';
import { array, int, isFields, nullable, object, oneOf, string } from './schema/kit.js';
import { parseWith, type Infer, type Schema } from './schema/schema.js';

/** Every webhook event type, in the order the documentation lists them. */
export const WEBHOOK_EVENT_TYPES = [
  'message.created',
  'message.updated',
  'message.deleted',
  'room.created',
  'member.added',
  'member.removed',
  'user.created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The headers of every webhook request (lower-case, as HTTP/2 and Node's `req.headers` spell them). */
export const WEBHOOK_HEADERS = {
  /** The event's id: the same on every retry, so a receiver drops what it has already handled. */
  id: 'ichat-webhook-id',
  /** When this attempt was signed, in Unix seconds. */
  timestamp: 'ichat-timestamp',
  /** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the endpoint's secret>`. */
  signature: 'ichat-signature',
} as const;

/** A message event's data: the message as stored after the change (a deleted one has `text: ''`, `deleted: true`). */
export const MessageEventDataSchema = object({ message: MessageSchema });
export type MessageEventData = Infer<typeof MessageEventDataSchema>;

/** `room.created`: a direct room opened for the first time, or a new group, with its first members. */
export const RoomCreatedDataSchema = object({
  room: object({
    id: int(1),
    kind: oneOf(ROOM_KINDS),
    /** The group's name; `null` for a direct room. */
    name: nullable(string()),
    ownerId: int(1),
    /** The members it was created with (the owner included); later ones come as `member.added`. */
    memberIds: array(int(1)),
    createdAt: int(),
  }),
});
export type RoomCreatedData = Infer<typeof RoomCreatedDataSchema>;

/** `member.added` and `member.removed`: one event per user (a user who leaves a group is removed too). */
export const MemberEventDataSchema = object({ roomId: int(1), userId: int(1) });
export type MemberEventData = Infer<typeof MemberEventDataSchema>;

/** `user.created`: a registration, or a host site's user signing in for the first time. */
export const UserCreatedDataSchema = object({
  user: object({
    id: int(1),
    username: string(),
    displayName: nullable(string()),
    createdAt: int(),
    /** The host site's identity of a user who signs in with its tokens (`iss` is `''` when tokens carry none). */
    host: nullable(object({ issuer: string(), subject: string() })),
  }),
});
export type UserCreatedData = Infer<typeof UserCreatedDataSchema>;

/** Each event type's `data`. */
export const WEBHOOK_DATA = {
  'message.created': MessageEventDataSchema,
  'message.updated': MessageEventDataSchema,
  'message.deleted': MessageEventDataSchema,
  'room.created': RoomCreatedDataSchema,
  'member.added': MemberEventDataSchema,
  'member.removed': MemberEventDataSchema,
  'user.created': UserCreatedDataSchema,
} as const satisfies Record<WebhookEventType, Schema<unknown>>;

/** The `data` of an event of type `T`. */
export type WebhookData<T extends WebhookEventType> = Infer<(typeof WEBHOOK_DATA)[T]>;

/** A webhook request's body, for one event type. */
export interface WebhookEventOf<T extends WebhookEventType> {
  /** The event's id, also sent as `ichat-webhook-id`. */
  id: string;
  type: T;
  /** When the change was committed, in ms since the epoch. */
  createdAt: number;
  data: WebhookData<T>;
}

/** A webhook request's body: `{ id, type, createdAt, data }`, discriminated by `type`. */
export type WebhookEvent = { [T in WebhookEventType]: WebhookEventOf<T> }[WebhookEventType];

const EnvelopeSchema = object({ id: string(200, 1), type: oneOf(WEBHOOK_EVENT_TYPES), createdAt: int() });

/**
 * Reads a webhook body (already parsed from JSON) into a typed event, for receivers written in TypeScript. Check the
 * signature first: this checks the shape, not who sent it.
 *
 * @throws {IChatError} `bad_request` naming the first field that does not fit.
 * @example
 * ```ts
 * const event = parseWebhookEvent(JSON.parse(body));
 * if (event.type === 'message.created') console.log(event.data.message.text);
 * ```
 */
export function parseWebhookEvent(value: unknown): WebhookEvent {
  const envelope = parseWith(EnvelopeSchema, value);
  const dataSchema: Schema<unknown> = WEBHOOK_DATA[envelope.type];
  const data = parseWith(dataSchema, isFields(value) ? value['data'] : undefined, 'bad_request', 'data');
  // `data` was just read by the schema of `envelope.type`, so the pair is one member of the union.
  return { ...envelope, data } as WebhookEvent;
}

/** Delivery states: waiting for its next attempt, accepted by the receiver, or given up on. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** One configured endpoint, with how its deliveries stand. */
export const WebhookEndpointSchema = object({
  id: int(1),
  url: string(),
  events: array(oneOf(WEBHOOK_EVENT_TYPES)),
  createdAt: int(),
  pending: int(),
  delivered: int(),
  failed: int(),
});
export type WebhookEndpoint = Infer<typeof WebhookEndpointSchema>;

/** One delivery of an event to an endpoint, as the latest attempt left it. */
export const WebhookDeliverySchema = object({
  id: int(1),
  endpointId: int(1),
  webhookId: string(),
  type: oneOf(WEBHOOK_EVENT_TYPES),
  status: oneOf(WEBHOOK_DELIVERY_STATUSES),
  attempts: int(),
  /** The HTTP status of the latest attempt; `null` before the first or when no answer came (timeout, refused). */
  httpStatus: nullable(int()),
  /** How long the latest attempt took, in ms; `null` before the first. */
  latencyMs: nullable(int()),
  /** Why the latest attempt failed; `null` when it did not. */
  error: nullable(string()),
  /** When the next attempt is due (ms since the epoch); `null` once delivered or failed. */
  nextAttemptAt: nullable(int()),
  createdAt: int(),
});
export type WebhookDelivery = Infer<typeof WebhookDeliverySchema>;

/** `GET /api/v1/admin/webhooks` answer: every endpoint, and the most recent deliveries, newest first. */
export const WebhooksResultSchema = object({
  endpoints: array(WebhookEndpointSchema),
  deliveries: array(WebhookDeliverySchema),
});
export type WebhooksResult = Infer<typeof WebhooksResultSchema>;
