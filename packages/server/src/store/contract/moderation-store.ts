// The moderation part of the store contract: blocks between users, reports with their evidence, and the log of
// administrators' actions.

import type { Message, ModerationActionKind, ReportReason, ReportStatus } from '@ichat/protocol';

/** A report as stored: users by id; the message and its context as they were when it was made. */
export interface ReportRecord {
  id: number;
  reporterId: number;
  senderId: number;
  roomId: number;
  seq: number;
  reason: ReportReason;
  note: string;
  message: Message;
  context: Message[];
  createdAt: number;
  status: ReportStatus;
  closedAt: number | null;
  closedBy: ModerationActionKind | null;
}

/** A new report: everything but what the store assigns. */
export type NewReport = Omit<ReportRecord, 'id' | 'status' | 'closedAt' | 'closedBy'>;

/** One entry of the moderation log, users by id. */
export interface ModerationActionRecord {
  id: number;
  adminId: number;
  action: ModerationActionKind;
  targetId: number | null;
  roomId: number | null;
  seq: number | null;
  reportId: number | null;
  createdAt: number;
}

/** A new log entry: everything but its id. */
export type NewModerationAction = Omit<ModerationActionRecord, 'id'>;

export interface ModerationStore {
  /** Records that `blockerId` blocked `blockedId`; false when that block already stood. */
  block(blockerId: number, blockedId: number, now: number): Promise<boolean>;
  /** Lifts a block; false when there was none. */
  unblock(blockerId: number, blockedId: number): Promise<boolean>;
  /** The users this user has blocked, most recently blocked first. */
  blockedBy(userId: number): Promise<number[]>;
  /** The users who have blocked this user. */
  blockersOf(userId: number): Promise<number[]>;
  /** Whether either user has blocked the other. */
  blockBetween(userA: number, userB: number): Promise<boolean>;
  /**
   * Whether `roomId` is a direct room whose other member and `userId` are separated by a block, either way. On the
   * path of every message send.
   */
  blockedInDirectRoom(roomId: number, userId: number): Promise<boolean>;
  /** The direct room of the pair, if they have one (never creates it). */
  directRoomOf(userA: number, userB: number): Promise<number | undefined>;
  /**
   * Stores a report unless the reporter already has an open one on that message; either way answers the open
   * report's id, and whether this call created it.
   */
  createReport(report: NewReport): Promise<{ reportId: number; created: boolean }>;
  /** One report, or undefined. */
  findReport(id: number): Promise<ReportRecord | undefined>;
  /** Every open report, oldest first, then the `closedLimit` most recently closed. */
  reports(closedLimit: number): Promise<ReportRecord[]>;
  /**
   * Writes a log entry and, in the same transaction, closes with it every open report of the entry's message (when it
   * names one) and the entry's report: `resolved`, or `dismissed` for a dismissal.
   */
  recordAction(entry: NewModerationAction): Promise<ModerationActionRecord>;
  /** The `limit` most recent log entries, newest first. */
  actions(limit: number): Promise<ModerationActionRecord[]>;
}
