// fast-check arbitraries for the wire contract: valid frames of every request and event type, valid results, and the
// hostile values (wrong types, boundary lengths, lone surrogates, huge numbers) that mutations put into them.

import * as fc from 'fast-check';
import {
  ATTACHMENT_LIMITS,
  ATTACHMENT_TYPES,
  type Attachment,
  type AttachmentLink,
  LIMITS,
  REACTION_EMOJI_MAX,
  REACTION_SET_MAX,
  REACTION_USERS_SHOWN,
  REPORT_NOTE_MAX,
  REPORT_REASONS,
  REQUEST_TYPES,
  type Chat,
  type EventType,
  type Events,
  type Message,
  type PublicUser,
  type RequestType,
  type Requests,
  type WireError,
  ERROR_CODES,
  encodeEvent,
  encodeRequest,
  EVENT_TYPES,
  isErrorCode,
} from '../../src/index.js';

/** One UTF-16 unit or code point, now and then half of a surrogate pair on its own. */
const unit: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)) },
);

/** A string of `min`–`max` UTF-16 units, with any code point and occasional lone surrogates. */
export function text(min: number, max: number): fc.Arbitrary<string> {
  // A code point may take two units, so generate by code points and keep only those that fit.
  const drawn = fc.string({ unit, minLength: min, maxLength: Math.min(max, 40) }).filter((s) => s.length >= min && s.length <= max);
  // Exactly at the limits, where off-by-one mistakes live.
  const edges = fc.constantFrom(...new Set([min, max].filter((n) => n <= 20_000))).map((n) => 'x'.repeat(n));
  return fc.oneof({ weight: 5, arbitrary: drawn }, { weight: 1, arbitrary: edges });
}

export const id = (min = 1): fc.Arbitrary<number> => fc.integer({ min, max: Number.MAX_SAFE_INTEGER });
const roomId = id();
const time = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const requestId = text(1, LIMITS.requestIdMax);
const memberName = text(1, LIMITS.emailMax);
const members = fc.array(memberName, { maxLength: LIMITS.groupMembersMax });
const messageText = text(0, LIMITS.textMax * 4);
const groupName = text(0, LIMITS.groupNameMax * 4);
const emoji = text(1, REACTION_EMOJI_MAX * 4);

/** Valid params for each request type: `Requests[K]['params']` makes the table exhaustive. */
export const PARAMS: { [K in RequestType]: fc.Arbitrary<Requests[K]['params']> } = {
  auth: fc.record({ token: text(1, LIMITS.tokenMax) }),
  ping: fc.constant({}),
  'chats.list': fc.constant({}),
  'room.open_direct': fc.record({ with: text(1, LIMITS.emailMax) }),
  'room.create_group': fc.record({ name: groupName, members }),
  'room.add_members': fc.record({ roomId, members }),
  'room.remove_member': fc.record({ roomId, userId: id() }),
  'room.rename': fc.record({ roomId, name: groupName }),
  'room.leave': fc.record({ roomId }),
  'room.mute': fc.record({ roomId, muted: fc.boolean() }),
  'message.send': fc.record(
    {
      roomId,
      clientMsgId: text(1, LIMITS.clientMsgIdMax),
      text: messageText,
      attachments: fc.array(id(), { maxLength: ATTACHMENT_LIMITS.perMessage }),
      replyTo: id(),
    },
    { requiredKeys: ['roomId', 'clientMsgId', 'text'] },
  ),
  'message.edit': fc.record({ roomId, seq: id(), text: messageText }),
  'message.delete': fc.record({ roomId, seq: id() }),
  'reaction.add': fc.record({ roomId, seq: id(), emoji }),
  'reaction.remove': fc.record({ roomId, seq: id(), emoji }),
  'reaction.list': fc.record({ roomId, seq: id(), emoji }),
  history: fc.oneof(
    fc.record({ roomId, before: id(), limit: fc.integer({ min: 1, max: LIMITS.historyPageMax }) }, { requiredKeys: ['roomId'] }),
    fc.record({ roomId, after: id(0), limit: fc.integer({ min: 1, max: LIMITS.historyPageMax }) }, { requiredKeys: ['roomId'] }),
  ),
  'message.changes': fc.record(
    { roomId, after: id(0), limit: fc.integer({ min: 1, max: LIMITS.historyPageMax }) },
    { requiredKeys: ['roomId', 'after'] },
  ),
  'message.search': fc.record(
    {
      query: text(1, LIMITS.searchQueryMax * 4),
      roomId,
      limit: fc.integer({ min: 1, max: LIMITS.searchPageMax }),
      offset: fc.integer({ min: 0, max: LIMITS.searchOffsetMax }),
    },
    { requiredKeys: ['query'] },
  ),
  'attachment.links': fc.record({ ids: fc.array(id(), { maxLength: ATTACHMENT_LIMITS.linksPerRequest }) }),
  read: fc.record({ roomId, seq: id(0) }),
  'room.receipts': fc.record({ roomId }),
  'receipts.share': fc.record({ share: fc.boolean() }),
  typing: fc.record({ roomId }),
  'user.block': fc.record({ userId: id() }),
  'user.unblock': fc.record({ userId: id() }),
  'user.blocked': fc.constant({}),
  'message.report': fc.record(
    { roomId, seq: id(), reason: fc.constantFrom(...REPORT_REASONS), note: text(0, REPORT_NOTE_MAX * 4) },
    { requiredKeys: ['roomId', 'seq', 'reason'] },
  ),
};

/** A valid request: its type, id and params, and the frame as encodeRequest writes it. */
export interface ValidRequest {
  type: RequestType;
  id: string;
  params: Record<string, unknown>;
  encoded: string;
}

/** Requests of one type, encoded while the type still ties the params to it (so no cast is needed). */
function requestOf<K extends RequestType>(type: K): fc.Arbitrary<ValidRequest> {
  const params: fc.Arbitrary<Requests[K]['params']> = PARAMS[type];
  return fc.record({ id: requestId, params }).map(({ id, params: drawn }) => ({
    type,
    id,
    params: { ...drawn },
    encoded: encodeRequest(type, id, drawn),
  }));
}

export const validRequest: fc.Arbitrary<ValidRequest> = fc.oneof(...REQUEST_TYPES.map((type) => requestOf(type)));

/** https URLs as the URL parser writes them, which is how the avatar rule reads them back. */
const avatarUrl = fc
  .tuple(fc.domain(), fc.stringMatching(/^[a-z0-9]{0,12}$/))
  .map(([domain, path]) => new URL(`https://${domain}/${path}`).href);

const profileData = fc.dictionary(
  fc.stringMatching(/^[a-z]{1,8}$/),
  // Well-formed text only: the data rule refuses lone surrogates, which `text` draws now and then.
  fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null)),
  { maxKeys: 3 },
);

const publicUser: fc.Arbitrary<PublicUser> = fc.record({
  id: id(),
  username: text(0, 40),
  displayName: fc.option(text(0, 64), { nil: null }),
  avatarUrl: fc.option(avatarUrl, { nil: null }),
  data: profileData,
});

const attachment: fc.Arbitrary<Attachment> = fc.record({
  id: id(),
  name: text(0, 40),
  type: fc.constantFrom(...ATTACHMENT_TYPES),
  size: time,
  width: fc.option(id(), { nil: null }),
  height: fc.option(id(), { nil: null }),
  thumbnail: fc.boolean(),
});

const attachmentLink: fc.Arbitrary<AttachmentLink> = fc.record({
  id: id(),
  url: text(0, 80),
  thumbnailUrl: fc.option(text(0, 80), { nil: null }),
  expiresAt: time,
});

export const message: fc.Arbitrary<Message> = fc.record({
  id: id(),
  roomId,
  seq: id(),
  senderId: fc.option(id(), { nil: null }),
  text: messageText,
  createdAt: time,
  editedAt: fc.option(time, { nil: null }),
  deleted: fc.boolean(),
  clientMsgId: fc.option(text(0, LIMITS.clientMsgIdMax), { nil: null }),
  changeSeq: time,
  attachments: fc.array(attachment, { maxLength: 3 }),
  replyTo: fc.record({ seq: id(), id: id(), senderId: fc.option(id(), { nil: null }), excerpt: text(0, 100), deleted: fc.boolean() }),
  reactions: fc.array(fc.record({ emoji, count: id(), userIds: fc.array(id(), { maxLength: REACTION_USERS_SHOWN }) }), { maxLength: 3 }),
  myReactions: fc.array(emoji, { maxLength: 3 }),
  mentions: fc.array(id(), { maxLength: 3 }),
}, { requiredKeys: ['id', 'roomId', 'seq', 'senderId', 'text', 'createdAt', 'editedAt', 'deleted', 'clientMsgId', 'changeSeq'] }).map((drawn) => ({ ...drawn, kind: drawn.senderId === null ? ('system' as const) : ('user' as const) }));

const chat: fc.Arbitrary<Chat> = fc.record({
  roomId,
  kind: fc.constantFrom('direct' as const, 'group' as const),
  name: fc.option(groupName, { nil: null }),
  peer: fc.option(publicUser, { nil: null }),
  members: fc.array(publicUser, { maxLength: 4 }),
  ownerId: id(),
  createdAt: time,
  lastSeq: time,
  changeSeq: time,
  lastMessage: fc.option(message, { nil: null }),
  lastActivityAt: time,
  readSeq: time,
  unread: time,
  mentioned: time,
  muted: fc.boolean(),
});

const me = fc.record({
  id: id(),
  username: text(0, 40),
  email: text(0, 80),
  displayName: fc.option(text(0, 80), { nil: null }),
  avatarUrl: fc.option(avatarUrl, { nil: null }),
  data: profileData,
  createdAt: time,
  isAdmin: fc.boolean(),
});

/** Valid results for each request type. */
export const RESULTS: { [K in RequestType]: fc.Arbitrary<Requests[K]['result']> } = {
  auth: fc.record({
    protocol: id(),
    user: me,
    serverTime: time,
    limits: fc.record({
      maxFrameBytes: id(),
      maxTextLength: id(),
      messagesPerSecond: time,
      messageBurst: time,
      maxAttachmentBytes: time,
    }),
    shareReceipts: fc.boolean(),
    reactions: fc.array(emoji, { maxLength: REACTION_SET_MAX }),
  }),
  ping: fc.record({ serverTime: time }),
  'chats.list': fc.record({ chats: fc.array(chat, { maxLength: 3 }), online: fc.array(fc.maxSafeInteger()) }),
  'room.open_direct': fc.record({ chat }),
  'room.create_group': fc.record({ chat }),
  'room.add_members': fc.record({ chat }),
  'room.remove_member': fc.record({ chat }),
  'room.rename': fc.record({ chat }),
  'room.leave': fc.record({ roomId }),
  'room.mute': fc.record({ chat }),
  'message.send': fc.record({ message, duplicate: fc.boolean() }),
  'message.edit': fc.record({ message }),
  'message.delete': fc.record({ message }),
  'reaction.add': fc.record({ message }),
  'reaction.remove': fc.record({ message }),
  'reaction.list': fc.record({ userIds: fc.array(id(), { maxLength: 5 }), count: time }),
  history: fc.record({ messages: fc.array(message, { maxLength: 5 }), hasMore: fc.boolean() }),
  'message.changes': fc.record({ messages: fc.array(message, { maxLength: 5 }), hasMore: fc.boolean() }),
  'message.search': fc.record({
    hits: fc.array(fc.record({ message, highlights: fc.array(fc.record({ start: id(0), end: id(0) }), { maxLength: 3 }) }), {
      maxLength: 3,
    }),
    hasMore: fc.boolean(),
  }),
  'attachment.links': fc.record({ links: fc.array(attachmentLink, { maxLength: 3 }) }),
  read: fc.record({ roomId, readSeq: time, unread: time, mentioned: time }),
  'room.receipts': fc.record({ readers: fc.array(fc.record({ userId: id(), readSeq: time }), { maxLength: 3 }) }),
  'receipts.share': fc.record({ share: fc.boolean() }),
  typing: fc.constant({}),
  'user.block': fc.record({ userId: id() }),
  'user.unblock': fc.record({ userId: id() }),
  'user.blocked': fc.record({ users: fc.array(publicUser, { maxLength: 3 }) }),
  'message.report': fc.record({ reportId: id() }),
};

/** Valid bodies for each event type. */
export const EVENT_BODIES: { [K in EventType]: fc.Arbitrary<Events[K]> } = {
  message: fc.record({ message }),
  'message.updated': fc.record(
    { message, reaction: fc.record({ userId: id(), emoji, added: fc.boolean() }) },
    { requiredKeys: ['message'] },
  ),
  chat: fc.record({ chat }),
  'chat.removed': fc.record({ roomId }),
  read: fc.record({ roomId, readSeq: time, unread: time, mentioned: time }),
  typing: fc.record({ roomId, user: publicUser }),
  receipt: fc.record({ roomId, userId: id(), readSeq: time }),
  'receipts.sharing': fc.record({ share: fc.boolean() }),
  presence: fc.record({ userId: id(), online: fc.boolean() }),
  'user.updated': fc.record({ user: publicUser }),
  'user.registered': fc.record({ user: fc.record({ id: id(), username: text(0, 40), createdAt: time }) }),
  'user.blocks': fc.record({ userId: id(), blocked: fc.boolean() }),
  'report.created': fc.record({ reportId: id() }),
  'moderation.action': fc.record({ entryId: id() }),
};

/** A valid event: its type and body, and the frame as encodeEvent writes it. */
export interface ValidEvent {
  type: EventType;
  body: Record<string, unknown>;
  encoded: string;
}

function eventOf<K extends EventType>(type: K): fc.Arbitrary<ValidEvent> {
  const bodies: fc.Arbitrary<Events[K]> = EVENT_BODIES[type];
  return bodies.map((body) => ({ type, body: { ...body }, encoded: encodeEvent(type, body) }));
}

export const validEvent: fc.Arbitrary<ValidEvent> = fc.oneof(...EVENT_TYPES.map((type) => eventOf(type)));

export const wireError: fc.Arbitrary<WireError> = fc.record(
  {
    code: fc.constantFrom(...Object.keys(ERROR_CODES).filter(isErrorCode)),
    message: text(0, 200),
    field: text(0, 40),
    retryAfterMs: fc.integer({ min: 0, max: 1e9 }),
  },
  { requiredKeys: ['code', 'message'] },
);

/** Values a field should never hold: wrong types, numbers just off the edges or far beyond them, odd strings. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    true,
    false,
    0,
    -0,
    -1,
    0.5,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 1,
    2 ** 64,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    '',
    '1',
    '\ud800',
    'a\udc00b',
    '\u0000',
    'x'.repeat(LIMITS.requestIdMax + 1),
    'x'.repeat(LIMITS.emailMax + 1),
    'x'.repeat(LIMITS.tokenMax + 1),
    'x'.repeat(LIMITS.textMax * 4 + 1),
    [],
    {},
    [1, 2],
    { length: 3 },
    Array.from({ length: LIMITS.groupMembersMax + 1 }, (_, i) => `m${i}`),
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit, maxLength: 30 }),
  fc.integer(),
  fc.double(),
);

/** Keys worth adding to a frame: every field name the protocol uses, and names that trip naive object handling. */
export const fieldName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'type',
    'id',
    'roomId',
    'seq',
    'text',
    'token',
    'with',
    'name',
    'members',
    'userId',
    'clientMsgId',
    'before',
    'after',
    'limit',
    'result',
    'error',
    'message',
    'chat',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
  ),
  fc.string({ maxLength: 10 }),
);

/** One change to a frame object. */
export type Mutation =
  | { kind: 'drop'; key: string }
  | { kind: 'set'; key: string; value: unknown }
  | { kind: 'retype'; type: string };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), key: fieldName }),
  fc.record({ kind: fc.constant('set' as const), key: fieldName, value: hostileValue }),
  fc.record({ kind: fc.constant('retype' as const), type: fc.oneof(fc.constantFrom<string>(...REQUEST_TYPES), fc.string({ maxLength: 12 })) }),
);

/** Applies mutations to a copy of a frame (defineProperty, so `__proto__` becomes a field as JSON.parse makes it). */
export function mutate(frame: Readonly<Record<string, unknown>>, mutations: readonly Mutation[]): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(frame)) set(copy, key, value);
  for (const change of mutations) {
    if (change.kind === 'drop') Reflect.deleteProperty(copy, change.key);
    else if (change.kind === 'set') set(copy, change.key, change.value);
    else set(copy, 'type', change.type);
  }
  return copy;
}

function set(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The ways a mutated frame reaches a parser: as a value, as JSON text, or as text cut short or with bytes spliced in. */
export type Delivery = { kind: 'value' } | { kind: 'json' } | { kind: 'truncated'; at: number } | { kind: 'spliced'; at: number; junk: string };

export const delivery: fc.Arbitrary<Delivery> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Delivery>({ kind: 'value' }) },
  { weight: 3, arbitrary: fc.constant<Delivery>({ kind: 'json' }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncated' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('spliced' as const), at: fc.nat(), junk: fc.string({ unit, minLength: 1, maxLength: 4 }) }) },
);

/** The input a parser sees for a frame delivered this way. */
export function deliver(frame: Record<string, unknown>, how: Delivery): unknown {
  if (how.kind === 'value') return frame;
  // JSON.stringify drops undefined and writes NaN and Infinity as null, as any sender's serialiser would.
  const json = JSON.stringify(frame);
  if (how.kind === 'json') return json;
  const at = how.at % (json.length + 1);
  return how.kind === 'truncated' ? json.slice(0, at) : json.slice(0, at) + how.junk + json.slice(at);
}
