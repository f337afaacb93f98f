// Rooms and memberships over SQLite: a unique pair key keeps one direct room per pair.

import { IChatError } from '@ichat/protocol';
import type BetterSqlite3 from 'better-sqlite3';
import type { DirectRoom, RoomRecord, RoomStore } from '../contract/room-store.js';
import { lastSeqsOf, roomIdChunks } from '../queries/room-queries.js';
import type { SqliteConnection } from './connection.js';
import type { WebhookOutbox } from './webhook-outbox.js';

/** The pair's key, the same whichever of the two opens the room: "lowId:highId". */
function directKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

export class SqliteRoomStore implements RoomStore {
  readonly #c: SqliteConnection;
  // SQLite-specific: a better-sqlite3 statement prepared once, because every socket's `auth` runs it.
  readonly #roomIdsOf: () => BetterSqlite3.Statement<[number], { room_id: number }>;
  readonly #outbox: WebhookOutbox;

  constructor(connection: SqliteConnection, outbox: WebhookOutbox) {
    this.#c = connection;
    this.#outbox = outbox;
    this.#roomIdsOf = connection.preparedOnFirstUse((raw) =>
      raw.prepare('select room_id from memberships where user_id = ?'),
    );
  }

  openDirect(userA: number, userB: number, now: number): Promise<DirectRoom> {
    const key = directKey(userA, userB);
    const { db, q } = this.#c;
    // One immediate transaction: a racing call waits for the write lock, then finds the room this one made.
    return this.#c.durable(
      q.transaction(() => {
        const existing = q.first(db.selectFrom('rooms').select('id').where('direct_key', '=', key));
        if (existing !== undefined) return { roomId: existing.id, created: false };
        const room = q.first(
          db
            .insertInto('rooms')
            .values({ kind: 'direct', name: null, direct_key: key, owner_id: userA, created_at: now, last_activity_at: now })
            .returning('id'),
        );
        if (room === undefined) throw new IChatError('internal', 'Room was not stored');
        const memberIds = [userA, userB];
        this.#insertMembers(room.id, memberIds, now);
        this.#outbox.record('room.created', room.id, { room: { id: room.id, kind: 'direct', name: null, ownerId: userA, memberIds, createdAt: now } }, now);
        return { roomId: room.id, created: true };
      }),
    );
  }

  createGroup(ownerId: number, name: string, memberIds: number[], now: number): Promise<number> {
    const { db, q } = this.#c;
    return this.#c.durable(
      q.transaction(() => {
        const room = q.first(
          db
            .insertInto('rooms')
            .values({ kind: 'group', name, direct_key: null, owner_id: ownerId, created_at: now, last_activity_at: now })
            .returning('id'),
        );
        if (room === undefined) throw new IChatError('internal', 'Room was not stored');
        const members = [ownerId, ...new Set(memberIds.filter((id) => id !== ownerId))];
        this.#insertMembers(room.id, members, now);
        this.#outbox.record('room.created', room.id, { room: { id: room.id, kind: 'group', name, ownerId, memberIds: members, createdAt: now } }, now);
        return room.id;
      }),
    );
  }

  addMembers(roomId: number, userIds: number[], now: number): Promise<number[]> {
    return this.#c.durable(
      this.#c.q.transaction(() => {
        const current = new Set(this.#memberIds(roomId));
        const added = [...new Set(userIds)].filter((id) => !current.has(id));
        this.#insertMembers(roomId, added, now);
        if (added.length > 0) this.#touch(roomId, now);
        for (const userId of added) this.#outbox.record('member.added', roomId, { roomId, userId }, now);
        return added;
      }),
    );
  }

  removeMember(roomId: number, userId: number): Promise<boolean> {
    const removed = this.#c.q.transaction(() => {
      const result = this.#c.q.run(
        this.#c.db.deleteFrom('memberships').where('room_id', '=', roomId).where('user_id', '=', userId),
      );
      // A removal is no activity of the room (the contract takes no time for it); the event still says when it was.
      if (result.changes > 0) this.#outbox.record('member.removed', roomId, { roomId, userId }, Date.now());
      return result.changes > 0;
    });
    return this.#c.durable(removed);
  }

  rename(roomId: number, name: string, now: number): Promise<void> {
    this.#c.q.run(this.#c.db.updateTable('rooms').set({ name, last_activity_at: now }).where('id', '=', roomId));
    return this.#c.durable(undefined);
  }

  setMuted(roomId: number, userId: number, muted: boolean): Promise<boolean> {
    const result = this.#c.q.run(
      this.#c.db
        .updateTable('memberships')
        .set({ muted: muted ? 1 : 0 })
        .where('room_id', '=', roomId)
        .where('user_id', '=', userId),
    );
    return this.#c.durable(result.changes > 0);
  }

  isMuted(roomId: number, userId: number): Promise<boolean> {
    const row = this.#c.q.first(
      this.#c.db.selectFrom('memberships').select('muted').where('room_id', '=', roomId).where('user_id', '=', userId),
    );
    return Promise.resolve(row?.muted === 1);
  }

  setOwner(roomId: number, userId: number): Promise<void> {
    this.#c.q.run(this.#c.db.updateTable('rooms').set({ owner_id: userId }).where('id', '=', roomId));
    return this.#c.durable(undefined);
  }

  find(roomId: number): Promise<RoomRecord | undefined> {
    const row = this.#c.q.first(
      this.#c.db.selectFrom('rooms').select(['id', 'kind', 'name', 'owner_id', 'last_seq']).where('id', '=', roomId),
    );
    return Promise.resolve(
      row === undefined
        ? undefined
        : { id: row.id, kind: row.kind, name: row.name, ownerId: row.owner_id, lastSeq: row.last_seq },
    );
  }

  memberIds(roomId: number): Promise<number[]> {
    return Promise.resolve(this.#memberIds(roomId));
  }

  lastSeqs(roomIds: readonly number[]): Promise<Map<number, number>> {
    const seqs = new Map<number, number>();
    for (const chunk of roomIdChunks(roomIds)) {
      for (const row of this.#c.q.all(lastSeqsOf(this.#c.db, chunk))) seqs.set(row.id, row.last_seq);
    }
    return Promise.resolve(seqs);
  }

  roomIdsOf(userId: number): Promise<number[]> {
    return Promise.resolve(this.#roomIdsOf().all(userId).map((row) => row.room_id));
  }

  contactIdsOf(userId: number): Promise<number[]> {
    const rows = this.#c.q.all(
      this.#c.db
        .selectFrom('memberships as mine')
        .innerJoin('memberships as theirs', 'theirs.room_id', 'mine.room_id')
        .select('theirs.user_id')
        .distinct()
        .where('mine.user_id', '=', userId)
        .where('theirs.user_id', '!=', userId),
    );
    return Promise.resolve(rows.map((row) => row.user_id));
  }

  #memberIds(roomId: number): number[] {
    return this.#c.q
      .all(
        this.#c.db
          .selectFrom('memberships')
          .select('user_id')
          .where('room_id', '=', roomId)
          .orderBy('joined_at')
          .orderBy('user_id'),
      )
      .map((row) => row.user_id);
  }

  #insertMembers(roomId: number, userIds: number[], now: number): void {
    if (userIds.length === 0) return;
    this.#c.q.run(
      this.#c.db
        .insertInto('memberships')
        .values(userIds.map((userId) => ({ room_id: roomId, user_id: userId, joined_at: now })))
        .onConflict((oc) => oc.doNothing()),
    );
  }

  #touch(roomId: number, now: number): void {
    this.#c.q.run(this.#c.db.updateTable('rooms').set({ last_activity_at: now }).where('id', '=', roomId));
  }
}
