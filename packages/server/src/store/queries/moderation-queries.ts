// The moderation log's statements, built once with Kysely for both dialects.

import type { Kysely } from 'kysely';
import type { NewModerationAction } from '../contract/moderation-store.js';
import type { Database } from '../sqlite/schema.js';

/** Writes a log entry and returns its id. */
export function insertAction(db: Kysely<Database>, entry: NewModerationAction) {
  return db
    .insertInto('moderation_actions')
    .values({
      admin_id: entry.adminId,
      action: entry.action,
      target_id: entry.targetId,
      room_id: entry.roomId,
      seq: entry.seq,
      report_id: entry.reportId,
      created_at: entry.createdAt,
    })
    .returning('id');
}

/**
 * The updates that close the open reports an entry answers: its own report, and every report of a message it deleted
 * (whoever made them). `dismissed` for a dismissal, else `resolved`.
 */
export function reportClosings(db: Kysely<Database>, entry: NewModerationAction) {
  const status = entry.action === 'dismiss' ? 'dismissed' : 'resolved';
  const close = db.updateTable('reports').set({ status, closed_at: entry.createdAt, closed_by: entry.action }).where('status', '=', 'open');
  const closings: (typeof close)[] = [];
  if (entry.reportId !== null) closings.push(close.where('id', '=', entry.reportId));
  if (entry.action === 'delete_message' && entry.roomId !== null && entry.seq !== null) {
    closings.push(close.where('room_id', '=', entry.roomId).where('seq', '=', entry.seq));
  }
  return closings;
}
