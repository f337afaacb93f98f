// Reports and log entries as administrators see them: stored records with their users filled in.

import { IChatError, type ModerationEntry, type PublicUser, type Report } from '@ichat/protocol';
import { toPublicUser } from '../auth/accounts.js';
import type { ModerationActionRecord, ReportRecord, UserStore } from '../store/contract/store.js';

/** Finds users by id once each, however many records name them. */
export class UserLookup {
  readonly #users: UserStore;
  readonly #found = new Map<number, { user: PublicUser; banned: boolean }>();

  constructor(users: UserStore) {
    this.#users = users;
  }

  async #get(id: number): Promise<{ user: PublicUser; banned: boolean }> {
    const known = this.#found.get(id);
    if (known !== undefined) return known;
    const record = await this.#users.findById(id);
    if (record === undefined) throw new IChatError('internal', `User ${id} of a moderation record is missing`);
    const found = { user: toPublicUser(record), banned: record.bannedAt !== null };
    this.#found.set(id, found);
    return found;
  }

  async report(record: ReportRecord, roomKind: Report['roomKind']): Promise<Report> {
    const reporter = await this.#get(record.reporterId);
    const sender = await this.#get(record.senderId);
    return {
      id: record.id,
      reason: record.reason,
      note: record.note,
      status: record.status,
      createdAt: record.createdAt,
      reporter: reporter.user,
      sender: sender.user,
      roomId: record.roomId,
      roomKind,
      seq: record.seq,
      message: record.message,
      context: record.context,
      senderBanned: sender.banned,
      closedAt: record.closedAt,
      closedBy: record.closedBy,
    };
  }

  async entry(record: ModerationActionRecord): Promise<ModerationEntry> {
    return {
      id: record.id,
      action: record.action,
      createdAt: record.createdAt,
      admin: (await this.#get(record.adminId)).user,
      target: record.targetId === null ? null : (await this.#get(record.targetId)).user,
      roomId: record.roomId,
      seq: record.seq,
      reportId: record.reportId,
    };
  }
}
