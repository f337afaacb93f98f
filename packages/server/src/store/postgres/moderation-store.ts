// Blocks, reports and the moderation log over PostgreSQL.

import { IChatError } from '@ichat/protocol';
import { sql } from 'kysely';
import type {
  ModerationActionRecord,
  ModerationStore,
  NewModerationAction,
  NewReport,
  ReportRecord,
} from '../contract/moderation-store.js';
import { toAction, toReport } from '../sqlite/moderation-store.js';
import { insertAction, reportClosings } from '../queries/moderation-queries.js';
import type { PostgresConnection } from './connection.js';

export class PostgresModerationStore implements ModerationStore {
  readonly #c: PostgresConnection;

  constructor(connection: PostgresConnection) {
    this.#c = connection;
  }

  async block(blockerId: number, blockedId: number, now: number): Promise<boolean> {
    const result = await this.#c.write((db) =>
      db
        .insertInto('blocks')
        .values({ blocker_id: blockerId, blocked_id: blockedId, created_at: now })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst(),
    );
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  async unblock(blockerId: number, blockedId: number): Promise<boolean> {
    const result = await this.#c.write((db) =>
      db.deleteFrom('blocks').where('blocker_id', '=', blockerId).where('blocked_id', '=', blockedId).executeTakeFirst(),
    );
    return result.numDeletedRows > 0n;
  }

  async blockedBy(userId: number): Promise<number[]> {
    const rows = await this.#c.read((db) =>
      db.selectFrom('blocks').select('blocked_id').where('blocker_id', '=', userId).orderBy('created_at', 'desc').orderBy('blocked_id').execute(),
    );
    return rows.map((row) => row.blocked_id);
  }

  async blockersOf(userId: number): Promise<number[]> {
    const rows = await this.#c.read((db) => db.selectFrom('blocks').select('blocker_id').where('blocked_id', '=', userId).execute());
    return rows.map((row) => row.blocker_id);
  }

  async blockBetween(userA: number, userB: number): Promise<boolean> {
    const row = await this.#c.read((db) =>
      db
        .selectFrom('blocks')
        .select('blocker_id')
        .where((eb) =>
          eb.or([
            eb.and([eb('blocker_id', '=', userA), eb('blocked_id', '=', userB)]),
            eb.and([eb('blocker_id', '=', userB), eb('blocked_id', '=', userA)]),
          ]),
        )
        .executeTakeFirst(),
    );
    return row !== undefined;
  }

  async blockedInDirectRoom(roomId: number, userId: number): Promise<boolean> {
    const rows = await this.#c.read((db) =>
      sql<{ found: number }>`select 1 as found from rooms r
          join memberships m on m.room_id = r.id and m.user_id <> ${userId}
          join blocks b on (b.blocker_id = ${userId} and b.blocked_id = m.user_id) or (b.blocker_id = m.user_id and b.blocked_id = ${userId})
        where r.id = ${roomId} and r.kind = 'direct' limit 1`.execute(db),
    );
    return rows.rows.length > 0;
  }

  async directRoomOf(userA: number, userB: number): Promise<number | undefined> {
    const key = userA < userB ? `${userA}:${userB}` : `${userB}:${userA}`;
    const row = await this.#c.read((db) => db.selectFrom('rooms').select('id').where('direct_key', '=', key).executeTakeFirst());
    return row?.id;
  }

  createReport(report: NewReport): Promise<{ reportId: number; created: boolean }> {
    return this.#c.transaction(async (trx) => {
      // The partial unique index keeps one open report per reporter and message, whichever node takes it.
      const row = await sql<{ id: number }>`insert into reports (reporter_id, sender_id, room_id, seq, reason, note, message, context, created_at)
        values (${report.reporterId}, ${report.senderId}, ${report.roomId}, ${report.seq}, ${report.reason}, ${report.note},
          ${JSON.stringify(report.message)}, ${JSON.stringify(report.context)}, ${report.createdAt})
        on conflict (reporter_id, room_id, seq) where status = 'open' do nothing
        returning id`.execute(trx);
      const created = row.rows[0];
      if (created !== undefined) return { reportId: created.id, created: true };
      const open = await trx
        .selectFrom('reports')
        .select('id')
        .where('reporter_id', '=', report.reporterId)
        .where('room_id', '=', report.roomId)
        .where('seq', '=', report.seq)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (open === undefined) throw new IChatError('internal', 'Report was not stored');
      return { reportId: open.id, created: false };
    });
  }

  async findReport(id: number): Promise<ReportRecord | undefined> {
    const row = await this.#c.read((db) => db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst());
    return row === undefined ? undefined : toReport(row);
  }

  async reports(closedLimit: number): Promise<ReportRecord[]> {
    const open = await this.#c.read((db) => db.selectFrom('reports').selectAll().where('status', '=', 'open').orderBy('id').execute());
    const closed = await this.#c.read((db) =>
      db
        .selectFrom('reports')
        .selectAll()
        .where('status', '<>', 'open')
        .orderBy('closed_at', 'desc')
        .orderBy('id', 'desc')
        .limit(closedLimit)
        .execute(),
    );
    return [...open, ...closed].map(toReport);
  }

  recordAction(entry: NewModerationAction): Promise<ModerationActionRecord> {
    return this.#c.transaction(async (trx) => {
      const row = await insertAction(trx, entry).executeTakeFirstOrThrow();
      for (const closing of reportClosings(trx, entry)) await closing.execute();
      return { ...entry, id: row.id };
    });
  }

  async actions(limit: number): Promise<ModerationActionRecord[]> {
    const rows = await this.#c.read((db) => db.selectFrom('moderation_actions').selectAll().orderBy('id', 'desc').limit(limit).execute());
    return rows.map(toAction);
  }
}
