// Rooms and memberships over PostgreSQL: the unique pair key keeps one direct room per pair, across nodes too.

import { IChatError } from '@ichat/protocol';
import type { DirectRoom, RoomRecord, RoomStore } from '../contract/room-store.js';
import { lastSeqsOf, roomIdChunks } from '../queries/room-queries.js';
import type { PostgresConnection } from './connection.js';
import type { Db } from './message-columns.js';
import type { PostgresWebhookOutbox } from './webhook-outbox.js';

/** The pair's key, the same whichever of the two opens the room: "lowId:highId". */
function directKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

export class PostgresRoomStore implements RoomStore {
  readonly #c: PostgresConnection;
  readonly #outbox: PostgresWebhookOutbox;

  constructor(connection: PostgresConnection, outbox: PostgresWebhookOutbox) {
    this.#c = connection;
    this.#outbox = outbox;
  }

  openDirect(userA: number, userB: number, now: number): Promise<DirectRoom> {
    const key = directKey(userA, userB);
    return this.#c.transaction(async (trx) => {
      // On conflict: a racing call (on this node or another) that made the room first wins, and this one finds it.
      const room = await trx
        .insertInto('rooms')
        .values({ kind: 'direct', name: null, direct_key: key, owner_id: userA, created_at: now, last_activity_at: now })
        .onConflict((oc) => oc.column('direct_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (room === undefined) {
        const existing = await trx.selectFrom('rooms').select('id').where('direct_key', '=', key).executeTakeFirstOrThrow();
        return { roomId: existing.id, created: false };
      }
      const memberIds = [userA, userB];
      await this.#insertMembers(trx, room.id, memberIds, now);
      await this.#outbox.record(trx, 'room.created', room.id, { room: { id: room.id, kind: 'direct', name: null, ownerId: userA, memberIds, createdAt: now } }, now);
      return { roomId: room.id, created: true };
    });
  }

  createGroup(ownerId: number, name: string, memberIds: number[], now: number): Promise<number> {
    return this.#c.transaction(async (trx) => {
      const room = await trx
        .insertInto('rooms')
        .values({ kind: 'group', name, direct_key: null, owner_id: ownerId, created_at: now, last_activity_at: now })
        .returning('id')
        .executeTakeFirst();
      if (room === undefined) throw new IChatError('internal', 'Room was not stored');
      const members = [ownerId, ...new Set(memberIds.filter((id) => id !== ownerId))];
      await this.#insertMembers(trx, room.id, members, now);
      await this.#outbox.record(trx, 'room.created', room.id, { room: { id: room.id, kind: 'group', name, ownerId, memberIds: members, createdAt: now } }, now);
      return room.id;
    });
  }

  addMembers(roomId: number, userIds: number[], now: number): Promise<number[]> {
    return this.#c.transaction(async (trx) => {
      // The rows this statement inserted are the ones added: a member already there (or added by another node
      // meanwhile) is skipped by the primary key.
      const added = await this.#insertMembers(trx, roomId, [...new Set(userIds)], now);
      if (added.length > 0) await trx.updateTable('rooms').set({ last_activity_at: now }).where('id', '=', roomId).execute();
      for (const userId of added) await this.#outbox.record(trx, 'member.added', roomId, { roomId, userId }, now);
      return added;
    });
  }

  removeMember(roomId: number, userId: number): Promise<boolean> {
    return this.#c.transaction(async (trx) => {
      const result = await trx.deleteFrom('memberships').where('room_id', '=', roomId).where('user_id', '=', userId).executeTakeFirst();
      const removed = result.numDeletedRows > 0n;
      // A removal is no activity of the room (the contract takes no time for it); the event still says when it was.
      if (removed) await this.#outbox.record(trx, 'member.removed', roomId, { roomId, userId }, Date.now());
      return removed;
    });
  }

  async rename(roomId: number, name: string, now: number): Promise<void> {
    await this.#c.write((db) => db.updateTable('rooms').set({ name, last_activity_at: now }).where('id', '=', roomId).execute());
  }

  async setMuted(roomId: number, userId: number, muted: boolean): Promise<boolean> {
    const result = await this.#c.write((db) =>
      db
        .updateTable('memberships')
        .set({ muted: muted ? 1 : 0 })
        .where('room_id', '=', roomId)
        .where('user_id', '=', userId)
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  async isMuted(roomId: number, userId: number): Promise<boolean> {
    const row = await this.#c.read((db) =>
      db.selectFrom('memberships').select('muted').where('room_id', '=', roomId).where('user_id', '=', userId).executeTakeFirst(),
    );
    return row?.muted === 1;
  }

  async setOwner(roomId: number, userId: number): Promise<void> {
    await this.#c.write((db) => db.updateTable('rooms').set({ owner_id: userId }).where('id', '=', roomId).execute());
  }

  async find(roomId: number): Promise<RoomRecord | undefined> {
    const row = await this.#c.read((db) =>
      db.selectFrom('rooms').select(['id', 'kind', 'name', 'owner_id', 'last_seq']).where('id', '=', roomId).executeTakeFirst(),
    );
    return row === undefined ? undefined : { id: row.id, kind: row.kind, name: row.name, ownerId: row.owner_id, lastSeq: row.last_seq };
  }

  async memberIds(roomId: number): Promise<number[]> {
    const rows = await this.#c.read((db) =>
      db.selectFrom('memberships').select('user_id').where('room_id', '=', roomId).orderBy('joined_at').orderBy('user_id').execute(),
    );
    return rows.map((row) => row.user_id);
  }

  async lastSeqs(roomIds: readonly number[]): Promise<Map<number, number>> {
    const seqs = new Map<number, number>();
    for (const chunk of roomIdChunks(roomIds)) {
      for (const row of await this.#c.read((db) => lastSeqsOf(db, chunk).execute())) seqs.set(row.id, row.last_seq);
    }
    return seqs;
  }

  async roomIdsOf(userId: number): Promise<number[]> {
    const rows = await this.#c.read((db) => db.selectFrom('memberships').select('room_id').where('user_id', '=', userId).execute());
    return rows.map((row) => row.room_id);
  }

  async contactIdsOf(userId: number): Promise<number[]> {
    const rows = await this.#c.read((db) =>
      db
        .selectFrom('memberships as mine')
        .innerJoin('memberships as theirs', 'theirs.room_id', 'mine.room_id')
        .select('theirs.user_id')
        .distinct()
        .where('mine.user_id', '=', userId)
        .where('theirs.user_id', '!=', userId)
        .execute(),
    );
    return rows.map((row) => row.user_id);
  }

  /** Inserts the memberships that are not there yet, in the order given; returns the users it added. */
  async #insertMembers(trx: Db, roomId: number, userIds: number[], now: number): Promise<number[]> {
    if (userIds.length === 0) return [];
    const rows = await trx
      .insertInto('memberships')
      .values(userIds.map((userId) => ({ room_id: roomId, user_id: userId, joined_at: now })))
      .onConflict((oc) => oc.doNothing())
      .returning('user_id')
      .execute();
    const added = new Set(rows.map((row) => row.user_id));
    return userIds.filter((id) => added.has(id));
  }
}
