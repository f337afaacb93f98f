// Every frame of the WebSocket protocol: client requests with their results, and server frames.

import type { WireError } from './errors.js';
import type { Chat, Me, Message, PublicUser } from './models.js';

/** Limits the server announces after authentication, so clients can check input before sending. */
export interface ServerLimits {
  maxFrameBytes: number;
  maxTextLength: number;
  messagesPerSecond: number;
  messageBurst: number;
}

/** What the server answers to `auth`. */
export interface ReadyResult {
  protocol: number;
  user: Me;
  serverTime: number;
  limits: ServerLimits;
}

/**
 * Every request a client can make, by `type`: the frame's own fields (`params`) and the reply's `result`.
 * A request frame is `{ type, id, ...params }`; its reply is `{ type: 'reply', id, result }` or an `error` frame
 * with the same `id`.
 */
export interface Requests {
  /** Must be the first frame on a socket; nothing else is accepted before it succeeds. */
  auth: { params: { token: string }; result: ReadyResult };
  ping: { params: Record<never, never>; result: { serverTime: number } };
  'chats.list': { params: Record<never, never>; result: { chats: Chat[]; online: number[] } };
  /** Opens (or finds) the one direct room between the caller and the user with this e-mail or username. */
  'room.open_direct': { params: { with: string }; result: { chat: Chat } };
  'room.create_group': { params: { name: string; members: string[] }; result: { chat: Chat } };
  'room.add_members': { params: { roomId: number; members: string[] }; result: { chat: Chat } };
  'room.remove_member': { params: { roomId: number; userId: number }; result: { chat: Chat } };
  'room.rename': { params: { roomId: number; name: string }; result: { chat: Chat } };
  'room.leave': { params: { roomId: number }; result: { roomId: number } };
  /** Stores a message. Resending the same `clientMsgId` returns the original message with `duplicate: true`. */
  'message.send': {
    params: { roomId: number; clientMsgId: string; text: string };
    result: { message: Message; duplicate: boolean };
  };
  'message.edit': { params: { roomId: number; seq: number; text: string }; result: { message: Message } };
  'message.delete': { params: { roomId: number; seq: number }; result: { message: Message } };
  /**
   * A page of a room's messages in ascending seq order: the newest `limit` before `before` (or the newest overall),
   * or the oldest `limit` after `after`. Give at most one of `before` and `after`.
   */
  history: {
    params: { roomId: number; before?: number; after?: number; limit?: number };
    result: { messages: Message[]; hasMore: boolean };
  };
  read: { params: { roomId: number; seq: number }; result: { roomId: number; readSeq: number; unread: number } };
  typing: { params: { roomId: number }; result: Record<never, never> };
}

/** The `type` of a client request. */
export type RequestType = keyof Requests;

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

/** Pushed events, by `type`. */
export interface Events {
  /** A new message in a room the user belongs to. Carries everything the chat list needs to re-sort. */
  message: { message: Message };
  /** A message was edited or deleted (then `deleted: true` and `text: ''`). */
  'message.updated': { message: Message };
  /** A room appeared in the user's chat list or changed (members, name). */
  chat: { chat: Chat };
  /** The user left or was removed from a room. */
  'chat.removed': { roomId: number };
  /** The user's read marker moved, on this or another of their connections. */
  read: { roomId: number; readSeq: number; unread: number };
  typing: { roomId: number; user: PublicUser };
  /** Someone who shares a room with the user came online or went offline. */
  presence: { userId: number; online: boolean };
  /** Administrators only: a new account was created. */
  'user.registered': { user: PublicUser & { createdAt: number } };
}

/** The `type` of a pushed event. */
export type EventType = keyof Events;

/** A pushed event frame of one type. */
export type EventFrame<K extends EventType = EventType> = { [T in K]: { type: T } & Events[T] }[K];

/** Any frame the server sends. */
export type ServerFrame = ReplyFrame | ErrorFrame | EventFrame;

/** Every request type, for validators and exhaustive tables. */
export const REQUEST_TYPES = [
  'auth',
  'ping',
  'chats.list',
  'room.open_direct',
  'room.create_group',
  'room.add_members',
  'room.remove_member',
  'room.rename',
  'room.leave',
  'message.send',
  'message.edit',
  'message.delete',
  'history',
  'read',
  'typing',
] as const satisfies readonly RequestType[];

/** Every event type. */
export const EVENT_TYPES = [
  'message',
  'message.updated',
  'chat',
  'chat.removed',
  'read',
  'typing',
  'presence',
  'user.registered',
] as const satisfies readonly EventType[];
