// Moderation on the wire: report reasons, reports with their evidence, the administrators' actions and their log.

import { MessageSchema, PublicUserSchema, ROOM_KINDS } from './models.js';
import { array, boolean, int, nullable, object, oneOf, optional, string } from './schema/kit.js';
import type { Infer } from './schema/schema.js';

/** Why a user reports a message. `other` wants a note. */
export const REPORT_REASONS = ['spam', 'harassment', 'hate', 'sexual', 'violence', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** The longest note a reporter may add, in characters. */
export const REPORT_NOTE_MAX = 500;

/** How many messages before and after the reported one a report keeps as context. */
export const REPORT_CONTEXT_AROUND = 3;

/** Where a report stands: waiting in the queue, acted upon, or dismissed without action. */
export const REPORT_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** What an administrator can do: each is recorded in the moderation log. */
export const MODERATION_ACTIONS = ['delete_message', 'ban', 'unban', 'remove_member', 'dismiss'] as const;
export type ModerationActionKind = (typeof MODERATION_ACTIONS)[number];

/**
 * A report as administrators see it. `message` is the reported message as it was when reported, and `context` the
 * messages around it then (oldest first, the reported one included), so a later edit or delete erases no evidence.
 */
export const ReportSchema = object({
  id: int(1),
  reason: oneOf(REPORT_REASONS),
  /** The reporter's own words; `''` when they gave none. */
  note: string(),
  status: oneOf(REPORT_STATUSES),
  createdAt: int(),
  reporter: PublicUserSchema,
  /** Who wrote the reported message. */
  sender: PublicUserSchema,
  roomId: int(1),
  /** The room's kind: only a group's member can be removed from it. */
  roomKind: oneOf(ROOM_KINDS),
  seq: int(1),
  /** The reported message, as it was when reported. */
  message: MessageSchema,
  context: array(MessageSchema),
  /** Whether the sender is banned now. */
  senderBanned: boolean,
  /** When and by which action the report was closed; `null` while open. */
  closedAt: nullable(int()),
  closedBy: nullable(oneOf(MODERATION_ACTIONS)),
});
export type Report = Infer<typeof ReportSchema>;

/** One entry of the moderation log: who did what, when, to whom. */
export const ModerationEntrySchema = object({
  id: int(1),
  action: oneOf(MODERATION_ACTIONS),
  createdAt: int(),
  /** The administrator who acted. */
  admin: PublicUserSchema,
  /** The user acted upon (banned, removed, whose message was deleted); `null` for a dismissal. */
  target: nullable(PublicUserSchema),
  roomId: nullable(int(1)),
  seq: nullable(int(1)),
  /** The report this action answered, if any. */
  reportId: nullable(int(1)),
});
export type ModerationEntry = Infer<typeof ModerationEntrySchema>;

/** `GET /api/v1/admin/reports` answer: open reports first (oldest first), then the latest closed ones. */
export const ReportsResultSchema = object({ reports: array(ReportSchema) });
export type ReportsResult = Infer<typeof ReportsResultSchema>;

/** `GET /api/v1/admin/moderation/log` answer: newest first. */
export const ModerationLogResultSchema = object({ entries: array(ModerationEntrySchema) });
export type ModerationLogResult = Infer<typeof ModerationLogResultSchema>;

/**
 * `POST /api/v1/admin/moderation/actions` body. Which fields an action needs: `delete_message` a `roomId` and `seq`;
 * `ban` and `unban` a `userId`; `remove_member` a `roomId` (a group) and `userId`; `dismiss` a `reportId`. Any action
 * may name the `reportId` it answers, which closes that report (and every other open report of the same message).
 */
export const ModerationActionBodySchema = object(
  {
    action: oneOf(MODERATION_ACTIONS),
    userId: optional(int(1)),
    roomId: optional(int(1)),
    seq: optional(int(1)),
    reportId: optional(int(1)),
  },
  (body, place) => {
    const needs: Record<ModerationActionKind, readonly ('userId' | 'roomId' | 'seq' | 'reportId')[]> = {
      delete_message: ['roomId', 'seq'],
      ban: ['userId'],
      unban: ['userId'],
      remove_member: ['roomId', 'userId'],
      dismiss: ['reportId'],
    };
    for (const field of needs[body.action]) {
      if (body[field] === undefined) place.at(field).fail(`"${field}" is required for "${body.action}"`);
    }
  },
);
export type ModerationActionBody = Infer<typeof ModerationActionBodySchema>;

/** `POST /api/v1/admin/moderation/actions` answer: the log entry the action made. */
export const ModerationActionResultSchema = object({ entry: ModerationEntrySchema });
export type ModerationActionResult = Infer<typeof ModerationActionResultSchema>;
