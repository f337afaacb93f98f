// The Store over SQLite: Kysely builds the SQL, better-sqlite3 runs it synchronously inside transactions.

import { renameSync, rmSync } from 'node:fs';
import { IChatError, type Chat, type Message, type PublicUser } from '@ichat/sdk/protocol';
import BetterSqlite3 from 'better-sqlite3';
import { Migrator, type ExpressionBuilder, type Selectable } from 'kysely';
import { openDatabase, type OpenDatabase } from './database.js';
import { migrationProvider } from './migrations/index.js';
import type { Database, MembershipsTable, MessagesTable, RoomsTable, UsersTable } from './schema.js';
import type {
  AppendResult,
  HistoryPage,
  HistoryQuery,
  QueuedMessage,
  RoomRecord,
  Store,
  TokenRecord,
  UserRecord,
} from '../store.js';
import { Checkpointer, type CheckpointerOptions } from './checkpointer.js';
import { SqliteStats } from './stats-store.js';
import { SyncQueries } from './sync-queries.js';
import { WalFlusher } from './wal-flusher.js';

function toUser(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    passwordHash: row.password_hash,
    isAdmin: row.is_admin === 1,
    createdAt: row.created_at,
  };
}

function toMessage(row: Selectable<MessagesTable>): Message {
  return {
    id: row.id,
    roomId: row.room_id,
    seq: row.seq,
    senderId: row.sender_id,
    text: row.text,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deleted: row.deleted_at !== null,
    clientMsgId: row.client_msg_id,
  };
}

/**
 * The statements of the two hot paths, prepared once as plain SQL: the per-message statements of a group commit and
 * the lookups of every socket's `auth`. Building them with Kysely on every call would cost more than running them,
 * and this SQL is standard enough to port as it is.
 */
interface HotStatements {
  findByClientId: BetterSqlite3.Statement<[number, string], Selectable<MessagesTable>>;
  nextSeq: BetterSqlite3.Statement<[number, number], { last_seq: number }>;
  insert: BetterSqlite3.Statement<[number, number, number, string, string, number], Selectable<MessagesTable>>;
  findToken: BetterSqlite3.Statement<[string], { user_id: number; expires_at: number }>;
  findUserById: BetterSqlite3.Statement<[number], Selectable<UsersTable>>;
  roomIdsOf: BetterSqlite3.Statement<[number], { room_id: number }>;
}

function prepareHotStatements(raw: BetterSqlite3.Database): HotStatements {
  return {
    findByClientId: raw.prepare('select * from messages where sender_id = ? and client_msg_id = ?'),
    nextSeq: raw.prepare(
      'update rooms set last_seq = last_seq + 1, last_activity_at = ? where id = ? returning last_seq',
    ),
    insert: raw.prepare(
      'insert into messages (room_id, seq, sender_id, text, client_msg_id, created_at) values (?, ?, ?, ?, ?, ?) returning *',
    ),
    findToken: raw.prepare('select user_id, expires_at from tokens where token_hash = ?'),
    findUserById: raw.prepare('select * from users where id = ?'),
    roomIdsOf: raw.prepare('select room_id from memberships where user_id = ?'),
  };
}

function directKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

function isUniqueViolation(error: unknown, column: string): boolean {
  return (
    error instanceof Error &&
    Reflect.get(error, 'code') === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes(column)
  );
}

export interface SqliteStoreOptions {
  /**
   * Checkpoint the log on a worker thread, for a long-running server; failures are reported to `onError`. Short
   * commands (`admin`, `backup`) leave it out: their connection checkpoints as it closes.
   */
  backgroundCheckpoints?: CheckpointerOptions;
}

/** Opens (creating if needed) the SQLite database at `url`. Call {@link SqliteStore.migrate} before use. */
export class SqliteStore implements Store {
  readonly #open: OpenDatabase;
  readonly #q: SyncQueries;
  readonly #flusher: WalFlusher | undefined;
  readonly #checkpointer: Checkpointer | undefined;
  #hotStatements: HotStatements | undefined;

  /** Statistics queries on the same connection (so an in-memory database works too). */
  readonly stats: SqliteStats;

  constructor(url: string, options: SqliteStoreOptions = {}) {
    this.#open = openDatabase(url);
    this.#q = new SyncQueries(this.#open.raw);
    const path = this.#open.path;
    this.#flusher = path === undefined ? undefined : new WalFlusher(`${path}-wal`);
    const checkpoints = options.backgroundCheckpoints;
    this.#checkpointer =
      path === undefined || checkpoints === undefined ? undefined : new Checkpointer(path, checkpoints);
    this.stats = new SqliteStats(this.#open.raw);
  }

  // Prepared after migrations have created the tables.
  get #hot(): HotStatements {
    this.#hotStatements ??= prepareHotStatements(this.#open.raw);
    return this.#hotStatements;
  }

  get #db() {
    return this.#open.db;
  }

  /**
   * Every write goes through here: it resolves with the write's result once the log holding it is on disk, so no
   * caller acknowledges a write that a power loss could undo.
   */
  async #durable<T>(result: T): Promise<T> {
    if (this.#flusher !== undefined) await this.#flusher.flush();
    return result;
  }

  async migrate(): Promise<void> {
    const { error, results } = await new Migrator({ db: this.#db, provider: migrationProvider }).migrateToLatest();
    const failed = results?.find((result) => result.status === 'Error');
    if (error !== undefined || failed !== undefined) {
      throw new IChatError('internal', `Database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
    }
    await this.#durable(undefined);
  }

  ping(): Promise<boolean> {
    return Promise.resolve(this.#open.raw.prepare('select 1 as ok').get() !== undefined);
  }

  async close(): Promise<void> {
    await this.#flusher?.close();
    await this.#checkpointer?.close();
    await this.#db.destroy();
  }

  async backup(file: string): Promise<void> {
    // SQLite's online backup copies a consistent snapshot page by page while writers keep going. The copy is then
    // switched out of WAL mode so it is one self-contained file, and renamed into place only once complete.
    const temporary = `${file}.partial`;
    rmSync(temporary, { force: true });
    await this.#open.raw.backup(temporary);
    const copy = new BetterSqlite3(temporary);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    renameSync(temporary, file);
  }

  createUser(user: Omit<UserRecord, 'id' | 'isAdmin'>): Promise<UserRecord> {
    try {
      const row = this.#q.first(
        this.#db
          .insertInto('users')
          .values({
            email: user.email,
            username: user.username,
            password_hash: user.passwordHash,
            created_at: user.createdAt,
          })
          .returningAll(),
      );
      if (row === undefined) throw new IChatError('internal', 'User was not stored');
      return this.#durable(toUser(row));
    } catch (error) {
      if (isUniqueViolation(error, 'users.email')) {
        throw new IChatError('email_taken', 'An account with this e-mail already exists', { field: 'email' });
      }
      if (isUniqueViolation(error, 'users.username')) {
        throw new IChatError('username_taken', 'This username is taken', { field: 'username' });
      }
      throw error;
    }
  }

  findUserById(id: number): Promise<UserRecord | undefined> {
    const row = this.#hot.findUserById.get(id);
    return Promise.resolve(row === undefined ? undefined : toUser(row));
  }

  findUserByEmail(email: string): Promise<UserRecord | undefined> {
    const row = this.#q.first(this.#db.selectFrom('users').selectAll().where('email', '=', email));
    return Promise.resolve(row === undefined ? undefined : toUser(row));
  }

  findUserByLogin(login: string): Promise<UserRecord | undefined> {
    const column = login.includes('@') ? 'email' : 'username';
    const row = this.#q.first(this.#db.selectFrom('users').selectAll().where(column, '=', login));
    return Promise.resolve(row === undefined ? undefined : toUser(row));
  }

  setAdmin(email: string, isAdmin: boolean): Promise<boolean> {
    const result = this.#q.run(
      this.#db
        .updateTable('users')
        .set({ is_admin: isAdmin ? 1 : 0 })
        .where('email', '=', email),
    );
    return this.#durable(result.changes > 0);
  }

  createToken(tokenHash: string, record: TokenRecord & { createdAt: number }): Promise<void> {
    this.#q.run(
      this.#db.insertInto('tokens').values({
        token_hash: tokenHash,
        user_id: record.userId,
        created_at: record.createdAt,
        expires_at: record.expiresAt,
      }),
    );
    return this.#durable(undefined);
  }

  findToken(tokenHash: string): Promise<TokenRecord | undefined> {
    const row = this.#hot.findToken.get(tokenHash);
    return Promise.resolve(row === undefined ? undefined : { userId: row.user_id, expiresAt: row.expires_at });
  }

  deleteToken(tokenHash: string): Promise<void> {
    this.#q.run(this.#db.deleteFrom('tokens').where('token_hash', '=', tokenHash));
    return this.#durable(undefined);
  }

  openDirectRoom(userA: number, userB: number, now: number): Promise<{ roomId: number; created: boolean }> {
    const key = directKey(userA, userB);
    return this.#durable(
      this.#q.transaction(() => {
        const existing = this.#q.first(this.#db.selectFrom('rooms').select('id').where('direct_key', '=', key));
        if (existing !== undefined) return { roomId: existing.id, created: false };
        const room = this.#q.first(
          this.#db
            .insertInto('rooms')
            .values({ kind: 'direct', name: null, direct_key: key, owner_id: userA, created_at: now, last_activity_at: now })
            .returning('id'),
        );
        if (room === undefined) throw new IChatError('internal', 'Room was not stored');
        this.#insertMembers(room.id, [userA, userB], now);
        return { roomId: room.id, created: true };
      }),
    );
  }

  createGroupRoom(ownerId: number, name: string, memberIds: number[], now: number): Promise<number> {
    return this.#durable(
      this.#q.transaction(() => {
        const room = this.#q.first(
          this.#db
            .insertInto('rooms')
            .values({ kind: 'group', name, direct_key: null, owner_id: ownerId, created_at: now, last_activity_at: now })
            .returning('id'),
        );
        if (room === undefined) throw new IChatError('internal', 'Room was not stored');
        this.#insertMembers(room.id, [ownerId, ...memberIds.filter((id) => id !== ownerId)], now);
        return room.id;
      }),
    );
  }

  addMembers(roomId: number, userIds: number[], now: number): Promise<number[]> {
    return this.#durable(
      this.#q.transaction(() => {
        const current = new Set(this.#memberIds(roomId));
        const added = [...new Set(userIds)].filter((id) => !current.has(id));
        this.#insertMembers(roomId, added, now);
        if (added.length > 0) this.#touchRoom(roomId, now);
        return added;
      }),
    );
  }

  removeMember(roomId: number, userId: number): Promise<boolean> {
    const result = this.#q.run(
      this.#db.deleteFrom('memberships').where('room_id', '=', roomId).where('user_id', '=', userId),
    );
    return this.#durable(result.changes > 0);
  }

  renameRoom(roomId: number, name: string, now: number): Promise<void> {
    this.#q.run(this.#db.updateTable('rooms').set({ name, last_activity_at: now }).where('id', '=', roomId));
    return this.#durable(undefined);
  }

  setOwner(roomId: number, userId: number): Promise<void> {
    this.#q.run(this.#db.updateTable('rooms').set({ owner_id: userId }).where('id', '=', roomId));
    return this.#durable(undefined);
  }

  findRoom(roomId: number): Promise<RoomRecord | undefined> {
    const row = this.#q.first(
      this.#db.selectFrom('rooms').select(['id', 'kind', 'name', 'owner_id', 'last_seq']).where('id', '=', roomId),
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

  roomIdsOf(userId: number): Promise<number[]> {
    return Promise.resolve(this.#hot.roomIdsOf.all(userId).map((row) => row.room_id));
  }

  contactIdsOf(userId: number): Promise<number[]> {
    const rows = this.#q.all(
      this.#db
        .selectFrom('memberships as mine')
        .innerJoin('memberships as theirs', 'theirs.room_id', 'mine.room_id')
        .select('theirs.user_id')
        .distinct()
        .where('mine.user_id', '=', userId)
        .where('theirs.user_id', '!=', userId),
    );
    return Promise.resolve(rows.map((row) => row.user_id));
  }

  chatsOf(userId: number): Promise<Chat[]> {
    return Promise.resolve(this.#chats(userId));
  }

  chatOf(roomId: number, userId: number): Promise<Chat | undefined> {
    return Promise.resolve(this.#chatViews(roomId, [userId]).get(userId));
  }

  chatViews(roomId: number, userIds: readonly number[]): Promise<Map<number, Chat>> {
    return Promise.resolve(this.#chatViews(roomId, userIds));
  }

  appendMessages(batch: readonly QueuedMessage[]): Promise<AppendResult[]> {
    const hot = this.#hot;
    return this.#durable(
      this.#q.transaction(() =>
        batch.map((queued): AppendResult => {
          const earlier = hot.findByClientId.get(queued.senderId, queued.clientMsgId);
          if (earlier !== undefined) {
            // A resend names the same room; an id reused for another room is a client bug, not a resend.
            if (earlier.room_id !== queued.roomId) {
              throw new IChatError('validation_failed', 'This clientMsgId was already used for a message in another room', {
                field: 'clientMsgId',
              });
            }
            return { message: toMessage(earlier), duplicate: true };
          }
          const room = hot.nextSeq.get(queued.createdAt, queued.roomId);
          if (room === undefined) throw new IChatError('not_found', 'Room not found');
          const row = hot.insert.get(
            queued.roomId,
            room.last_seq,
            queued.senderId,
            queued.text,
            queued.clientMsgId,
            queued.createdAt,
          );
          if (row === undefined) throw new IChatError('internal', 'Message was not stored');
          return { message: toMessage(row), duplicate: false };
        }),
      ),
    );
  }

  findMessage(roomId: number, seq: number): Promise<Message | undefined> {
    const row = this.#q.first(
      this.#db.selectFrom('messages').selectAll().where('room_id', '=', roomId).where('seq', '=', seq),
    );
    return Promise.resolve(row === undefined ? undefined : toMessage(row));
  }

  editMessage(roomId: number, seq: number, text: string, now: number): Promise<Message> {
    return this.#durable(this.#updateMessage(roomId, seq, { text, edited_at: now }));
  }

  deleteMessage(roomId: number, seq: number, now: number): Promise<Message> {
    return this.#durable(this.#updateMessage(roomId, seq, { text: '', deleted_at: now }));
  }

  history(roomId: number, query: HistoryQuery): Promise<HistoryPage> {
    let select = this.#db.selectFrom('messages').selectAll().where('room_id', '=', roomId).limit(query.limit + 1);
    const forwards = query.after !== undefined;
    if (query.after !== undefined) select = select.where('seq', '>', query.after).orderBy('seq', 'asc');
    else {
      if (query.before !== undefined) select = select.where('seq', '<', query.before);
      select = select.orderBy('seq', 'desc');
    }
    const rows = this.#q.all(select);
    const hasMore = rows.length > query.limit;
    const page = rows.slice(0, query.limit).map(toMessage);
    if (!forwards) page.reverse();
    return Promise.resolve({ messages: page, hasMore });
  }

  markRead(roomId: number, userId: number, seq: number): Promise<{ readSeq: number; unread: number }> {
    return this.#durable(
      this.#q.transaction(() => {
        this.#q.run(
          this.#db
            .updateTable('memberships')
            .set((eb) => ({
              read_seq: eb
                .case()
                .when('read_seq', '<', seq)
                .then(
                  eb
                    .selectFrom('rooms')
                    .select((inner) =>
                      inner.fn<number>('min', [inner.ref('rooms.last_seq'), inner.val(seq)]).as('capped'),
                    )
                    .where('rooms.id', '=', roomId),
                )
                .else(eb.ref('read_seq'))
                .end(),
            }))
            .where('room_id', '=', roomId)
            .where('user_id', '=', userId),
        );
        const row = this.#q.first(
          this.#db
            .selectFrom('memberships')
            .select('read_seq')
            .where('room_id', '=', roomId)
            .where('user_id', '=', userId),
        );
        const readSeq = row?.read_seq ?? 0;
        return { readSeq, unread: this.#unread(roomId, userId, readSeq) };
      }),
    );
  }

  #memberIds(roomId: number): number[] {
    return this.#q
      .all(this.#db.selectFrom('memberships').select('user_id').where('room_id', '=', roomId).orderBy('joined_at').orderBy('user_id'))
      .map((row) => row.user_id);
  }

  #insertMembers(roomId: number, userIds: number[], now: number): void {
    if (userIds.length === 0) return;
    this.#q.run(
      this.#db
        .insertInto('memberships')
        .values(userIds.map((userId) => ({ room_id: roomId, user_id: userId, joined_at: now })))
        .onConflict((oc) => oc.doNothing()),
    );
  }

  #touchRoom(roomId: number, now: number): void {
    this.#q.run(this.#db.updateTable('rooms').set({ last_activity_at: now }).where('id', '=', roomId));
  }

  #unread(roomId: number, userId: number, readSeq: number): number {
    const row = this.#q.first(
      this.#db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('room_id', '=', roomId)
        .where('seq', '>', readSeq)
        .where('sender_id', '!=', userId)
        .where('deleted_at', 'is', null),
    );
    return row?.n ?? 0;
  }

  #updateMessage(
    roomId: number,
    seq: number,
    changes: { text: string; edited_at?: number; deleted_at?: number },
  ): Message {
    const row = this.#q.first(
      this.#db
        .updateTable('messages')
        .set(changes)
        .where('room_id', '=', roomId)
        .where('seq', '=', seq)
        .where('deleted_at', 'is', null)
        .returningAll(),
    );
    if (row === undefined) throw new IChatError('not_found', 'Message not found');
    return toMessage(row);
  }

  #chats(userId: number): Chat[] {
    const select = this.#db
      .selectFrom('memberships as m')
      .innerJoin('rooms as r', 'r.id', 'm.room_id')
      .select(['r.id', 'r.kind', 'r.name', 'r.owner_id', 'r.created_at', 'r.last_seq', 'r.last_activity_at', 'm.read_seq'])
      .select((eb) => unreadCount(eb).as('unread'))
      .where('m.user_id', '=', userId)
      .orderBy('r.last_activity_at', 'desc')
      .orderBy('r.id', 'desc');
    const rooms = this.#q.all(select);
    if (rooms.length === 0) return [];
    const roomIds = rooms.map((room) => room.id);
    const members = this.#membersOf(roomIds);
    const lastMessages = this.#lastMessagesOf(roomIds);
    return rooms.map((room) => {
      const marker = { readSeq: room.read_seq, unread: room.unread ?? 0 };
      return toChat(room, userId, marker, members.get(room.id) ?? [], lastMessages.get(room.id));
    });
  }

  #chatViews(roomId: number, userIds: readonly number[]): Map<number, Chat> {
    const views = new Map<number, Chat>();
    const room = this.#q.first(
      this.#db
        .selectFrom('rooms as r')
        .select(['r.id', 'r.kind', 'r.name', 'r.owner_id', 'r.created_at', 'r.last_seq', 'r.last_activity_at'])
        .where('r.id', '=', roomId),
    );
    if (room === undefined || userIds.length === 0) return views;
    const markers = this.#q.all(
      this.#db
        .selectFrom('memberships as m')
        .innerJoin('rooms as r', 'r.id', 'm.room_id')
        .select(['m.user_id', 'm.read_seq'])
        .select((eb) => unreadCount(eb).as('unread'))
        .where('m.room_id', '=', roomId)
        .where('m.user_id', 'in', [...new Set(userIds)]),
    );
    const members = this.#membersOf([roomId]).get(roomId) ?? [];
    const lastMessage = this.#lastMessagesOf([roomId]).get(roomId);
    for (const marker of markers) {
      const view = { readSeq: marker.read_seq, unread: marker.unread ?? 0 };
      views.set(marker.user_id, toChat(room, marker.user_id, view, members, lastMessage));
    }
    return views;
  }

  /** Each room's members, longest-standing first. */
  #membersOf(roomIds: readonly number[]): Map<number, PublicUser[]> {
    const members = new Map<number, PublicUser[]>();
    const rows = this.#q.all(
      this.#db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.room_id', 'u.id', 'u.username'])
        .where('m.room_id', 'in', roomIds)
        .orderBy('m.joined_at')
        .orderBy('u.id'),
    );
    for (const row of rows) {
      const list = members.get(row.room_id) ?? [];
      list.push({ id: row.id, username: row.username });
      members.set(row.room_id, list);
    }
    return members;
  }

  #lastMessagesOf(roomIds: readonly number[]): Map<number, Message> {
    const rows = this.#q.all(
      this.#db
        .selectFrom('rooms as r')
        .innerJoin('messages as x', (join) => join.onRef('x.room_id', '=', 'r.id').onRef('x.seq', '=', 'r.last_seq'))
        .selectAll('x')
        .where('r.id', 'in', roomIds),
    );
    return new Map(rows.map((row) => [row.room_id, toMessage(row)]));
  }
}

/** A member's unread messages in the joined room `r`: others' messages after their read marker, tombstones aside. */
function unreadCount(eb: ExpressionBuilder<Database & { m: MembershipsTable; r: RoomsTable }, 'm' | 'r'>) {
  return eb
    .selectFrom('messages as x')
    .select(eb.fn.countAll<number>().as('n'))
    .whereRef('x.room_id', '=', 'r.id')
    .whereRef('x.seq', '>', 'm.read_seq')
    .whereRef('x.sender_id', '!=', 'm.user_id')
    .where('x.deleted_at', 'is', null);
}

interface RoomRow {
  id: number;
  kind: 'direct' | 'group';
  name: string | null;
  owner_id: number;
  created_at: number;
  last_seq: number;
  last_activity_at: number;
}

/** One room as one member sees it. */
function toChat(
  room: RoomRow,
  userId: number,
  marker: { readSeq: number; unread: number },
  members: PublicUser[],
  lastMessage: Message | undefined,
): Chat {
  return {
    roomId: room.id,
    kind: room.kind,
    name: room.name,
    peer: room.kind === 'direct' ? (members.find((member) => member.id !== userId) ?? null) : null,
    members,
    ownerId: room.owner_id,
    createdAt: room.created_at,
    lastSeq: room.last_seq,
    lastMessage: lastMessage ?? null,
    lastActivityAt: room.last_activity_at,
    readSeq: marker.readSeq,
    unread: marker.unread,
  };
}
