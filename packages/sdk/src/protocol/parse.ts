// Validators at each boundary: untrusted JSON in, a typed frame or a typed IChatError out. Nothing is cast.

import { IChatError } from './errors.js';
import {
  EVENT_TYPES,
  REQUEST_TYPES,
  type ClientFrame,
  type ErrorFrame,
  type EventFrame,
  type EventType,
  type ReadyResult,
  type RequestType,
  type Requests,
  type ServerFrame,
} from './frames.js';
import { FieldReader, isFields, type Fields } from './guards.js';
import type { AuthResult } from './http.js';
import type { Chat, Me, Message, PublicUser } from './models.js';
import { LIMITS } from './rules.js';

const frameReader = new FieldReader('invalid_frame');

function isRequestType(value: unknown): value is RequestType {
  return typeof value === 'string' && (REQUEST_TYPES as readonly string[]).includes(value);
}

function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

function parseJson(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch {
    throw new IChatError('invalid_frame', 'Frame is not valid JSON');
  }
}

/** The request id of a frame that failed validation, when one can be read, so the error can be correlated. */
export function readRequestId(input: unknown): string | null {
  const id: unknown = isFields(input) ? input['id'] : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= LIMITS.requestIdMax ? id : null;
}

function memberList(r: FieldReader, f: Fields): string[] {
  return r.array(f, 'members', LIMITS.groupMembersMax, (v, i) => {
    if (typeof v !== 'string' || v.length === 0 || v.length > LIMITS.emailMax) {
      r.fail(`members.${i}`, 'Each member must be an e-mail or username');
    }
    return v;
  });
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
  const r: FieldReader = frameReader;
  const f = r.object(parseJson(input));
  const type = f['type'];
  if (!isRequestType(type)) r.fail('type', 'Unknown frame type');
  const id = r.string(f, 'id', LIMITS.requestIdMax, 1);
  switch (type) {
    case 'auth':
      return { type, id, token: r.string(f, 'token', LIMITS.tokenMax, 1) };
    case 'ping':
    case 'chats.list':
      return { type, id };
    case 'room.open_direct':
      return { type, id, with: r.string(f, 'with', LIMITS.emailMax, 1) };
    case 'room.create_group':
      return { type, id, name: r.string(f, 'name', LIMITS.groupNameMax * 4), members: memberList(r, f) };
    case 'room.add_members':
      return { type, id, roomId: r.int(f, 'roomId', 1), members: memberList(r, f) };
    case 'room.remove_member':
      return { type, id, roomId: r.int(f, 'roomId', 1), userId: r.int(f, 'userId', 1) };
    case 'room.rename':
      return { type, id, roomId: r.int(f, 'roomId', 1), name: r.string(f, 'name', LIMITS.groupNameMax * 4) };
    case 'room.leave':
    case 'typing':
      return { type, id, roomId: r.int(f, 'roomId', 1) };
    case 'message.send':
      return {
        type,
        id,
        roomId: r.int(f, 'roomId', 1),
        clientMsgId: r.string(f, 'clientMsgId', LIMITS.clientMsgIdMax, 1),
        text: r.string(f, 'text', LIMITS.textMax * 4),
      };
    case 'message.edit':
      return {
        type,
        id,
        roomId: r.int(f, 'roomId', 1),
        seq: r.int(f, 'seq', 1),
        text: r.string(f, 'text', LIMITS.textMax * 4),
      };
    case 'message.delete':
      return { type, id, roomId: r.int(f, 'roomId', 1), seq: r.int(f, 'seq', 1) };
    case 'history': {
      const frame: ClientFrame = { type, id, roomId: r.int(f, 'roomId', 1) };
      const before = r.optionalInt(f, 'before', 1);
      const after = r.optionalInt(f, 'after', 0);
      const limit = r.optionalInt(f, 'limit', 1);
      if (before !== undefined && after !== undefined) r.fail('after', 'Give "before" or "after", not both');
      if (limit !== undefined && limit > LIMITS.historyPageMax) {
        r.fail('limit', `"limit" may be at most ${LIMITS.historyPageMax}`);
      }
      if (before !== undefined) frame.before = before;
      if (after !== undefined) frame.after = after;
      if (limit !== undefined) frame.limit = limit;
      return frame;
    }
    case 'read':
      return { type, id, roomId: r.int(f, 'roomId', 1), seq: r.int(f, 'seq', 0) };
  }
}

function parsePublicUser(r: FieldReader, value: unknown): PublicUser {
  const f = r.object(value);
  return { id: r.int(f, 'id', 1), username: r.string(f, 'username') };
}

function parseMe(r: FieldReader, value: unknown): Me {
  const f = r.object(value);
  return {
    id: r.int(f, 'id', 1),
    username: r.string(f, 'username'),
    email: r.string(f, 'email'),
    createdAt: r.int(f, 'createdAt'),
    isAdmin: r.boolean(f, 'isAdmin'),
  };
}

/** Validates a message from the server. */
export function parseMessage(r: FieldReader, value: unknown): Message {
  const f = r.object(value);
  return {
    id: r.int(f, 'id', 1),
    roomId: r.int(f, 'roomId', 1),
    seq: r.int(f, 'seq', 1),
    senderId: r.int(f, 'senderId', 1),
    text: r.string(f, 'text'),
    createdAt: r.int(f, 'createdAt'),
    editedAt: r.nullableInt(f, 'editedAt'),
    deleted: r.boolean(f, 'deleted'),
    clientMsgId: r.nullableString(f, 'clientMsgId'),
  };
}

function parseChat(r: FieldReader, value: unknown): Chat {
  const f = r.object(value);
  const kind = f['kind'];
  if (kind !== 'direct' && kind !== 'group') r.fail('kind', '"kind" must be "direct" or "group"');
  const members = r.nested('members');
  return {
    roomId: r.int(f, 'roomId', 1),
    kind,
    name: r.nullableString(f, 'name'),
    peer: f['peer'] === null ? null : parsePublicUser(r.nested('peer'), f['peer']),
    members: r.array(f, 'members', Number.MAX_SAFE_INTEGER, (v) => parsePublicUser(members, v)),
    ownerId: r.int(f, 'ownerId', 1),
    createdAt: r.int(f, 'createdAt'),
    lastSeq: r.int(f, 'lastSeq'),
    lastMessage: f['lastMessage'] === null ? null : parseMessage(r.nested('lastMessage'), f['lastMessage']),
    lastActivityAt: r.int(f, 'lastActivityAt'),
    readSeq: r.int(f, 'readSeq'),
    unread: r.int(f, 'unread'),
  };
}

function parseChatResult(r: FieldReader, f: Fields): { chat: Chat } {
  return { chat: parseChat(r.nested('chat'), f['chat']) };
}

function parseReady(r: FieldReader, f: Fields): ReadyResult {
  const limits = r.nested('limits');
  const l = limits.object(f['limits']);
  return {
    protocol: r.int(f, 'protocol', 1),
    user: parseMe(r.nested('user'), f['user']),
    serverTime: r.int(f, 'serverTime'),
    limits: {
      maxFrameBytes: limits.int(l, 'maxFrameBytes', 1),
      maxTextLength: limits.int(l, 'maxTextLength', 1),
      messagesPerSecond: limits.int(l, 'messagesPerSecond', 0),
      messageBurst: limits.int(l, 'messageBurst', 0),
    },
  };
}

/** Validators for each request's `result`, as the SDK receives it. */
const RESULT_PARSERS: { [K in RequestType]: (r: FieldReader, f: Fields) => Requests[K]['result'] } = {
  auth: parseReady,
  ping: (r, f) => ({ serverTime: r.int(f, 'serverTime') }),
  'chats.list': (r, f) => {
    const chats = r.nested('chats');
    return {
      chats: r.array(f, 'chats', Number.MAX_SAFE_INTEGER, (v) => parseChat(chats, v)),
      online: r.array(f, 'online', Number.MAX_SAFE_INTEGER, (v, i) => {
        if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
        return r.fail(`online.${i}`, 'User ids must be integers');
      }),
    };
  },
  'room.open_direct': parseChatResult,
  'room.create_group': parseChatResult,
  'room.add_members': parseChatResult,
  'room.remove_member': parseChatResult,
  'room.rename': parseChatResult,
  'room.leave': (r, f) => ({ roomId: r.int(f, 'roomId', 1) }),
  'message.send': (r, f) => ({
    message: parseMessage(r.nested('message'), f['message']),
    duplicate: r.boolean(f, 'duplicate'),
  }),
  'message.edit': (r, f) => ({ message: parseMessage(r.nested('message'), f['message']) }),
  'message.delete': (r, f) => ({ message: parseMessage(r.nested('message'), f['message']) }),
  history: (r, f) => {
    const messages = r.nested('messages');
    return {
      messages: r.array(f, 'messages', LIMITS.historyPageMax, (v) => parseMessage(messages, v)),
      hasMore: r.boolean(f, 'hasMore'),
    };
  },
  read: (r, f) => ({ roomId: r.int(f, 'roomId', 1), readSeq: r.int(f, 'readSeq'), unread: r.int(f, 'unread') }),
  typing: () => ({}),
};

/**
 * Validates the `result` of a reply, given the request type it answers.
 *
 * @throws {IChatError} `invalid_frame` when the server's answer does not have the promised shape.
 */
export function parseResult<K extends RequestType>(type: K, value: unknown): Requests[K]['result'] {
  const r = frameReader.nested('result');
  const parser: (r: FieldReader, f: Fields) => Requests[K]['result'] = RESULT_PARSERS[type];
  return parser(r, r.object(value));
}

function parseEvent(r: FieldReader, type: EventType, f: Fields): EventFrame {
  switch (type) {
    case 'message':
    case 'message.updated':
      return { type, message: parseMessage(r.nested('message'), f['message']) };
    case 'chat':
      return { type, chat: parseChat(r.nested('chat'), f['chat']) };
    case 'chat.removed':
      return { type, roomId: r.int(f, 'roomId', 1) };
    case 'read':
      return { type, roomId: r.int(f, 'roomId', 1), readSeq: r.int(f, 'readSeq'), unread: r.int(f, 'unread') };
    case 'typing':
      return { type, roomId: r.int(f, 'roomId', 1), user: parsePublicUser(r.nested('user'), f['user']) };
    case 'presence':
      return { type, userId: r.int(f, 'userId', 1), online: r.boolean(f, 'online') };
    case 'user.registered': {
      const u = r.nested('user');
      const uf = u.object(f['user']);
      return {
        type,
        user: { id: u.int(uf, 'id', 1), username: u.string(uf, 'username'), createdAt: u.int(uf, 'createdAt') },
      };
    }
  }
}

/**
 * Validates a server frame. A `reply`'s `result` is left `unknown` here: the SDK knows which request it answers and
 * checks it with {@link parseResult}.
 *
 * @throws {IChatError} `invalid_frame`.
 */
export function parseServerFrame(input: unknown): ServerFrame | { type: 'reply'; id: string; result: unknown } {
  const r: FieldReader = frameReader;
  const f = r.object(parseJson(input));
  const type = f['type'];
  if (type === 'reply') return { type, id: r.string(f, 'id', LIMITS.requestIdMax, 1), result: f['result'] };
  if (type === 'error') {
    const frame: ErrorFrame = {
      type,
      id: f['id'] === null ? null : r.string(f, 'id', LIMITS.requestIdMax, 1),
      error: IChatError.fromWire(f['error']).toWire(),
    };
    return frame;
  }
  if (!isEventType(type)) r.fail('type', 'Unknown frame type');
  return parseEvent(r, type, f);
}

/** Validates the body of a register or login answer. */
export function parseAuthResult(value: unknown): AuthResult {
  const r = new FieldReader('internal');
  const f = r.object(value);
  return {
    user: parseMe(r.nested('user'), f['user']),
    token: r.string(f, 'token', LIMITS.tokenMax, 1),
    expiresAt: r.int(f, 'expiresAt'),
  };
}

/** Validates the body of `GET /api/v1/me`. */
export function parseMeResult(value: unknown): { user: Me } {
  const r = new FieldReader('internal');
  return { user: parseMe(r.nested('user'), r.object(value)['user']) };
}
