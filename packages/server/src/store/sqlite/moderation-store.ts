// Blocks, reports and the moderation log over SQLite.

import {
  array,
  IChatError,
  MessageSchema,
  MODERATION_ACTIONS,
  parseWith,
  REPORT_REASONS,
  REPORT_STATUSES,
  type Message,
} from '@ichat/protocol';
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type {
  ModerationActionRecord,
  ModerationStore,
  NewModerationAction,
  NewReport,
  ReportRecord,
} from '../contract/moderation-store.js';
import { insertAction, reportClosings } from '../queries/moderation-queries.js';
import type { SqliteConnection } from './connection.js';
import type { ModerationActionsTable, ReportsTable } from './schema.js';

/** The stored value as one of a fixed list; the database's own check keeps others out, this keeps the type honest. */
function oneOfStored<T extends string>(allowed: readonly T[], value: string | null, what: string): T {
  const found = allowed.find((item) => item === value);
  if (found === undefined) throw new IChatError('internal', `Stored ${what} "${String(value)}" is not known`);
  return found;
}

/** Read back with the protocol's own schema: what this store wrote as JSON of the protocol's Message. */
const StoredContext = array(MessageSchema);

function messageOf(json: string): Message {
  return parseWith(MessageSchema, JSON.parse(json), 'internal');
}

export function toReport(row: Selectable<ReportsTable>): ReportRecord {
  return {
    id: row.id,
    reporterId: row.reporter_id,
    senderId: row.sender_id,
    roomId: row.room_id,
    seq: row.seq,
    reason: oneOfStored(REPORT_REASONS, row.reason, 'report reason'),
    note: row.note,
    message: messageOf(row.message),
    context: parseWith(StoredContext, JSON.parse(row.context), 'internal'),
    createdAt: row.created_at,
    status: oneOfStored(REPORT_STATUSES, row.status, 'report status'),
    closedAt: row.closed_at,
    closedBy: row.closed_by === null ? null : oneOfStored(MODERATION_ACTIONS, row.closed_by, 'moderation action'),
  };
}

export function toAction(row: Selectable<ModerationActionsTable>): ModerationActionRecord {
  return {
    id: row.id,
    adminId: row.admin_id,
    action: oneOfStored(MODERATION_ACTIONS, row.action, 'moderation action'),
    targetId: row.target_id,
    roomId: row.room_id,
    seq: row.seq,
    reportId: row.report_id,
    createdAt: row.created_at,
  };
}

export class SqliteModerationStore implements ModerationStore {
  readonly #c: SqliteConnection;
  // SQLite-specific: prepared once as plain SQL, because every message send into a room runs it.
  readonly #blockedInDirectRoom: () => BetterSqlite3.Statement<[number, number, number, number], { found: number }>;

  constructor(connection: SqliteConnection) {
    this.#c = connection;
    this.#blockedInDirectRoom = connection.preparedOnFirstUse((raw) =>
      raw.prepare(
        `select 1 as found from rooms r
           join memberships m on m.room_id = r.id and m.user_id <> ?
           join blocks b on (b.blocker_id = ? and b.blocked_id = m.user_id) or (b.blocker_id = m.user_id and b.blocked_id = ?)
         where r.id = ? and r.kind = 'direct' limit 1`,
      ),
    );
  }

  block(blockerId: number, blockedId: number, now: number): Promise<boolean> {
    const result = this.#c.q.run(
      this.#c.db
        .insertInto('blocks')
        .values({ blocker_id: blockerId, blocked_id: blockedId, created_at: now })
        .onConflict((oc) => oc.doNothing()),
    );
    return this.#c.durable(result.changes > 0);
  }

  unblock(blockerId: number, blockedId: number): Promise<boolean> {
    const result = this.#c.q.run(
      this.#c.db.deleteFrom('blocks').where('blocker_id', '=', blockerId).where('blocked_id', '=', blockedId),
    );
    return this.#c.durable(result.changes > 0);
  }

  blockedBy(userId: number): Promise<number[]> {
    const rows = this.#c.q.all(
      this.#c.db
        .selectFrom('blocks')
        .select('blocked_id')
        .where('blocker_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('blocked_id'),
    );
    return Promise.resolve(rows.map((row) => row.blocked_id));
  }

  blockersOf(userId: number): Promise<number[]> {
    const rows = this.#c.q.all(this.#c.db.selectFrom('blocks').select('blocker_id').where('blocked_id', '=', userId));
    return Promise.resolve(rows.map((row) => row.blocker_id));
  }

  blockBetween(userA: number, userB: number): Promise<boolean> {
    const row = this.#c.q.first(
      this.#c.db
        .selectFrom('blocks')
        .select('blocker_id')
        .where((eb) =>
          eb.or([
            eb.and([eb('blocker_id', '=', userA), eb('blocked_id', '=', userB)]),
            eb.and([eb('blocker_id', '=', userB), eb('blocked_id', '=', userA)]),
          ]),
        ),
    );
    return Promise.resolve(row !== undefined);
  }

  blockedInDirectRoom(roomId: number, userId: number): Promise<boolean> {
    return Promise.resolve(this.#blockedInDirectRoom().get(userId, userId, userId, roomId) !== undefined);
  }

  directRoomOf(userA: number, userB: number): Promise<number | undefined> {
    const key = userA < userB ? `${userA}:${userB}` : `${userB}:${userA}`;
    const row = this.#c.q.first(this.#c.db.selectFrom('rooms').select('id').where('direct_key', '=', key));
    return Promise.resolve(row?.id);
  }

  createReport(report: NewReport): Promise<{ reportId: number; created: boolean }> {
    const { db, q } = this.#c;
    const outcome = q.transaction(() => {
      const open = q.first(
        db
          .selectFrom('reports')
          .select('id')
          .where('reporter_id', '=', report.reporterId)
          .where('room_id', '=', report.roomId)
          .where('seq', '=', report.seq)
          .where('status', '=', 'open'),
      );
      if (open !== undefined) return { reportId: open.id, created: false };
      const row = q.first(
        db
          .insertInto('reports')
          .values({
            reporter_id: report.reporterId,
            sender_id: report.senderId,
            room_id: report.roomId,
            seq: report.seq,
            reason: report.reason,
            note: report.note,
            message: JSON.stringify(report.message),
            context: JSON.stringify(report.context),
            created_at: report.createdAt,
          })
          .returning('id'),
      );
      if (row === undefined) throw new IChatError('internal', 'Report was not stored');
      return { reportId: row.id, created: true };
    });
    return this.#c.durable(outcome);
  }

  findReport(id: number): Promise<ReportRecord | undefined> {
    const row = this.#c.q.first(this.#c.db.selectFrom('reports').selectAll().where('id', '=', id));
    return Promise.resolve(row === undefined ? undefined : toReport(row));
  }

  reports(closedLimit: number): Promise<ReportRecord[]> {
    const { db, q } = this.#c;
    const open = q.all(db.selectFrom('reports').selectAll().where('status', '=', 'open').orderBy('id'));
    const closed = q.all(
      db.selectFrom('reports').selectAll().where('status', '<>', 'open').orderBy('closed_at', 'desc').orderBy('id', 'desc').limit(closedLimit),
    );
    return Promise.resolve([...open, ...closed].map(toReport));
  }

  recordAction(entry: NewModerationAction): Promise<ModerationActionRecord> {
    const { db, q } = this.#c;
    const stored = q.transaction(() => {
      const row = q.first(insertAction(db, entry));
      if (row === undefined) throw new IChatError('internal', 'Moderation action was not stored');
      for (const closing of reportClosings(db, entry)) q.run(closing);
      return { ...entry, id: row.id };
    });
    return this.#c.durable(stored);
  }

  actions(limit: number): Promise<ModerationActionRecord[]> {
    const rows = this.#c.q.all(this.#c.db.selectFrom('moderation_actions').selectAll().orderBy('id', 'desc').limit(limit));
    return Promise.resolve(rows.map(toAction));
  }
}
