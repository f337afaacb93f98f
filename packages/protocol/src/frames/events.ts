// Every event the server pushes over the socket, declared once.

import { ChatSchema, MessageSchema, PublicUserSchema, ReadStateSchema } from '../models.js';
import { boolean, int, object, optional, string } from '../schema/kit.js';
import type { Infer } from '../schema/schema.js';

const roomId = int(1);

/** Pushed events, by `type`: the frame's fields besides `type`. */
export const EVENTS = {
  /** A new message in a room the user belongs to. Carries everything the chat list needs to re-sort. */
  message: object({ message: MessageSchema }),
  /**
   * A message was edited, deleted (then `deleted: true` and `text: ''`) or reacted to: then `reaction` says whose
   * reaction was added or taken back, so each member can keep their own `myReactions`.
   */
  'message.updated': object({
    message: MessageSchema,
    reaction: optional(object({ userId: int(1), emoji: string(), added: boolean })),
  }),
  /** A room appeared in the user's chat list or changed (members, name). */
  chat: object({ chat: ChatSchema }),
  /** The user left or was removed from a room. */
  'chat.removed': object({ roomId }),
  /** The user's read marker moved, on this or another of their connections. */
  read: ReadStateSchema,
  typing: object({ roomId, user: PublicUserSchema }),
  /**
   * Another member's read marker moved (read receipts). Sent only between members who both share read receipts.
   */
  receipt: object({ roomId, userId: int(1), readSeq: int(0) }),
  /** The user turned sharing read receipts on or off, on this or another of their connections. */
  'receipts.sharing': object({ share: boolean }),
  /** Someone who shares a room with the user came online or went offline. */
  presence: object({ userId: int(1), online: boolean }),
  /**
   * A user's display name or avatar changed: sent to everyone who shares a room with them and to their own sessions.
   */
  'user.updated': object({ user: PublicUserSchema }),
  /** Administrators only: a new account was created. */
  'user.registered': object({ user: object({ id: int(1), username: string(), createdAt: int() }) }),
  /** The user blocked (`blocked: true`) or unblocked someone, on this or another of their connections. */
  'user.blocks': object({ userId: int(1), blocked: boolean }),
  /**
   * Administrators only: a new report in the moderation queue. Only its id: the queue is read through the admin route
   * (`GET /api/v1/admin/reports`), and every chat client parses every event, so a whole report here would weigh on
   * the chat widget's bundle for the sake of a page it never shows.
   */
  'report.created': object({ reportId: int(1) }),
  /** Administrators only: a moderation action was taken (by any administrator); its log entry's id, as above. */
  'moderation.action': object({ entryId: int(1) }),
} as const;

/** The `type` of a pushed event. */
export type EventType = keyof typeof EVENTS;

/** Each event's fields, by type. */
export type Events = { [K in EventType]: Infer<(typeof EVENTS)[K]> };

/** Every event type. */
export const EVENT_TYPES = Object.keys(EVENTS) as readonly EventType[];
