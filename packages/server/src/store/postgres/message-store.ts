// Messages over PostgreSQL: the group-commit append as a few set-based statements per batch, the rest built with Kysely.

import { IChatError, type Attachment, type Message } from '@ichat/protocol';
import { sql, type Selectable } from 'kysely';
import type {
  AppendResult,
  HistoryPage,
  HistoryQuery,
  MessageStore,
  QueuedMessage,
  RoomCursor,
  ReactionChange,
  ReactionResult,
  Reactors,
  ReadMarker,
} from '../contract/message-store.js';
import {
  deleteReaction,
  emojiByMessage,
  firstReactors,
  insertReaction,
  reactionCount,
  reactionCounts,
  reactionsOfUser,
  reactionSummaries,
  reactorsOf,
  withReactions,
} from '../queries/reaction-queries.js';
import { replyOriginals, replySeats, withReplies } from '../queries/reply-queries.js';
import { cursorChunks, pageRows, pagesAfter } from '../queries/history-queries.js';
import { toMessage } from '../sqlite/message-row.js';
import type { MessagesTable } from '../sqlite/schema.js';
import { attachmentsOf } from './attachment-store.js';
import type { PostgresConnection } from './connection.js';
import { MESSAGE_COLUMNS, messageColumnsOf, type Db } from './message-columns.js';
import { withAttachments } from '../queries/attachment-queries.js';
import { storeMentions } from './mention-writer.js';
import { searchWords } from './search-words.js';
import type { PostgresWebhookOutbox } from './webhook-outbox.js';

type MessageRow = Selectable<MessagesTable>;

/** Who a clientMsgId belongs to: the sender's across rooms, or (for a system message) the room's. */
function idempotencyKey(queued: QueuedMessage): string {
  return queued.senderId === null ? `room:${queued.roomId}:${queued.clientMsgId}` : `user:${queued.senderId}:${queued.clientMsgId}`;
}

function notTakeable(id: number): IChatError {
  return new IChatError('validation_failed', `Attachment ${id} is not an upload of yours that is still unsent`, { field: 'attachments' });
}

function reusedElsewhere(): IChatError {
  return new IChatError('validation_failed', 'This clientMsgId was already used for a message in another room', { field: 'clientMsgId' });
}

/** A message of the batch to insert, its seq assigned. */
interface NewRow {
  queued: QueuedMessage;
  seq: number;
}

/** One result of the batch: stored earlier (a row), or to be stored by this batch (an index into the inserts). */
type Outcome = { earlier: MessageRow } | { insert: number; duplicate: boolean };

export class PostgresMessageStore implements MessageStore {
  readonly #c: PostgresConnection;
  readonly #outbox: PostgresWebhookOutbox;

  constructor(connection: PostgresConnection, outbox: PostgresWebhookOutbox) {
    this.#c = connection;
    this.#outbox = outbox;
  }

  /**
   * One transaction per batch, four statements whatever its size (for messages without uploads): lock the batch's
   * rooms (ascending id, so two nodes appending to overlapping rooms wait for each other instead of deadlocking) and
   * read their last seqs; find earlier sends of the batch's clientMsgIds (after the lock, so a resend racing on another
   * node that committed first is seen); insert the new rows from arrays (one statement text, whatever the batch); move
   * the rooms' counters. Seqs come from the counter row, never a sequence: a rolled-back batch leaves no gap. A batch
   * with uploads takes them with one more statement and reads the files back with another (so does one that answers a
   * resend).
   */
  append(batch: readonly QueuedMessage[]): Promise<AppendResult[]> {
    if (batch.length === 0) return Promise.resolve([]);
    return this.#c.transaction(async (trx) => {
      const roomIds = [...new Set(batch.map((queued) => queued.roomId))].sort((a, b) => a - b);
      const locked = await sql<{ id: number; last_seq: number }>`select id, last_seq from rooms
        where id = any(${roomIds}::bigint[]) order by id for update`.execute(trx);
      const lastSeq = new Map(locked.rows.map((room) => [room.id, room.last_seq]));
      const earlier = await this.#earlierSends(trx, batch);
      await this.#checkReplies(trx, batch.filter((queued) => !earlier.has(idempotencyKey(queued))));
      const inserts: NewRow[] = [];
      const inBatch = new Map<string, number>();
      const activity = new Map<number, number>();
      const outcomes = batch.map((queued): Outcome => {
        const key = idempotencyKey(queued);
        const stored = earlier.get(key);
        if (stored !== undefined) {
          // A resend names the same room; an id reused for another room is a client bug, not a resend.
          if (stored.room_id !== queued.roomId) throw reusedElsewhere();
          return { earlier: stored };
        }
        const pending = inBatch.get(key);
        if (pending !== undefined) {
          if (inserts[pending]?.queued.roomId !== queued.roomId) throw reusedElsewhere();
          return { insert: pending, duplicate: true };
        }
        const last = lastSeq.get(queued.roomId);
        if (last === undefined) throw new IChatError('not_found', 'Room not found');
        lastSeq.set(queued.roomId, last + 1);
        activity.set(queued.roomId, queued.createdAt);
        inserts.push({ queued, seq: last + 1 });
        inBatch.set(key, inserts.length - 1);
        return { insert: inserts.length - 1, duplicate: false };
      });
      const inserted = await storeMentions(trx, await this.#insert(trx, inserts));
      const tookAny = await this.#take(trx, inserts, inserted);
      const moved = [...activity.keys()];
      await sql`update rooms r set last_seq = v.last_seq, last_activity_at = v.at
        from unnest(${moved}::bigint[], ${moved.map((id) => lastSeq.get(id) ?? 0)}::int[], ${moved.map((id) => activity.get(id) ?? 0)}::bigint[])
          as v(id, last_seq, at)
        where r.id = v.id`.execute(trx);
      // Uploads are read back only when some message of the batch may have any: one took some, or a resend's first
      // send may have. A batch of plain new messages costs no extra statement.
      const earlierRows = outcomes.flatMap((outcome) => ('earlier' in outcome ? [outcome.earlier] : []));
      const withFiles = tookAny
        ? await attachmentsOf(trx, inserted.filter((message) => !message.deleted).map((message) => message.id))
        : new Map<number, Attachment[]>();
      // A new message has no reactions yet: only its quote is read (when the batch has replies).
      const stored = withAttachments(await this.#withReplies(trx, inserted.map((message, index) => ({ message, replyToSeq: inserts[index]?.queued.replyToSeq ?? null }))), withFiles);
      const earlierById = new Map((earlierRows.length === 0 ? [] : await this.#dress(trx, earlierRows)).map((message) => [message.id, message]));
      const results = outcomes.map((outcome): AppendResult => {
        if ('earlier' in outcome) {
          const message = earlierById.get(outcome.earlier.id);
          if (message === undefined) throw new IChatError('internal', 'Message was not found');
          return { message, duplicate: true };
        }
        const message = stored[outcome.insert];
        if (message === undefined) throw new IChatError('internal', 'Message was not stored');
        return { message, duplicate: outcome.duplicate };
      });
      if (this.#outbox.wants('message.created')) {
        const events = stored.map((message) => ({ roomId: message.roomId, data: { message }, now: message.createdAt }));
        await this.#outbox.recordMany(trx, 'message.created', events);
      }
      return results;
    });
  }

  /**
   * Refuses the batch when a reply names no live message of its room: one statement, only for a batch with replies.
   * The rooms are locked, and a message never leaves its seat (a deletion leaves a tombstone), so what is seen here
   * holds at commit, save a deletion racing this batch (then the reply quotes a deleted message, as if it came after).
   */
  async #checkReplies(trx: Db, batch: readonly QueuedMessage[]): Promise<void> {
    const seats = batch.flatMap((queued) => (queued.replyToSeq === undefined ? [] : [{ roomId: queued.roomId, seq: queued.replyToSeq }]));
    if (seats.length === 0) return;
    const live = new Set(
      (await replyOriginals(trx, seats).execute()).filter((row) => row.deleted_at === null).map((row) => `${row.room_id}:${row.seq}`),
    );
    if (seats.some((seat) => !live.has(`${seat.roomId}:${seat.seq}`))) {
      throw new IChatError('validation_failed', 'The message replied to is not in this room or was deleted', { field: 'replyTo' });
    }
  }

  /** The stored messages that the batch's clientMsgIds name already, by idempotency key: one statement. */
  async #earlierSends(trx: Db, batch: readonly QueuedMessage[]): Promise<Map<string, MessageRow>> {
    const users = batch.filter((queued) => queued.senderId !== null);
    const system = batch.filter((queued) => queued.senderId === null);
    const rows = await sql<MessageRow>`
      select ${sql.raw(messageColumnsOf('m'))} from unnest(${users.map((queued) => queued.senderId)}::int[], ${users.map((queued) => queued.clientMsgId)}::text[]) as k(sender_id, client_msg_id)
        join messages m on m.sender_id = k.sender_id and m.client_msg_id = k.client_msg_id
      union all
      select ${sql.raw(messageColumnsOf('m'))} from unnest(${system.map((queued) => queued.roomId)}::int[], ${system.map((queued) => queued.clientMsgId)}::text[]) as k(room_id, client_msg_id)
        join messages m on m.room_id = k.room_id and m.client_msg_id = k.client_msg_id and m.sender_id is null`.execute(trx);
    return new Map(
      rows.rows.map((row) => [
        row.sender_id === null ? `room:${row.room_id}:${row.client_msg_id ?? ''}` : `user:${row.sender_id}:${row.client_msg_id ?? ''}`,
        row,
      ]),
    );
  }

  /**
   * Inserts the new rows with one statement over arrays, and returns them as messages in the same order. A unique
   * index refuses a row only when another node stored the same sender's clientMsgId in another room meanwhile (the
   * same room is locked): the batch then fails as a reuse, and rolls back whole.
   */
  async #insert(trx: Db, inserts: readonly NewRow[]): Promise<Message[]> {
    if (inserts.length === 0) return [];
    const column = <T>(pick: (row: NewRow) => T): T[] => inserts.map(pick);
    const rows = await sql<MessageRow>`insert into messages (room_id, seq, sender_id, text, client_msg_id, created_at, search, reply_to_seq)
      select v.room_id, v.seq, v.sender_id, v.text, v.client_msg_id, v.created_at, array_to_tsvector(string_to_array(v.words, ' ')), v.reply_to_seq
      from unnest(
        ${column((row) => row.queued.roomId)}::int[], ${column((row) => row.seq)}::int[], ${column((row) => row.queued.senderId)}::int[],
        ${column((row) => row.queued.text)}::text[], ${column((row) => row.queued.clientMsgId)}::text[],
        ${column((row) => row.queued.createdAt)}::bigint[], ${column((row) => searchWords(row.queued.text))}::text[],
        ${column((row) => row.queued.replyToSeq ?? null)}::int[]
      ) as v(room_id, seq, sender_id, text, client_msg_id, created_at, words, reply_to_seq)
      on conflict do nothing
      returning ${sql.raw(MESSAGE_COLUMNS.join(', '))}`.execute(trx);
    if (rows.rows.length !== inserts.length) throw reusedElsewhere();
    const bySeat = new Map(rows.rows.map((row) => [`${row.room_id}:${row.seq}`, toMessage(row)]));
    return inserts.map((row) => {
      const message = bySeat.get(`${row.queued.roomId}:${row.seq}`);
      if (message === undefined) throw new IChatError('internal', 'Message was not stored');
      return message;
    });
  }

  /**
   * Gives the new messages the uploads they were sent with, one statement for the whole batch: each (message, upload)
   * pair moves the upload onto the message only if it is the sender's and no message took it yet (a row another
   * transaction is taking is waited for, then seen taken). Fewer rows moved than pairs means some upload was not
   * takeable, or was listed twice, and the batch fails whole. Returns whether any message took uploads.
   */
  async #take(trx: Db, inserts: readonly NewRow[], inserted: readonly Message[]): Promise<boolean> {
    const pairs = inserts.flatMap((row, index) =>
      (row.queued.attachmentIds ?? []).map((id) => ({ id, messageId: inserted[index]?.id ?? 0, uploaderId: row.queued.senderId })),
    );
    if (pairs.length === 0) return false;
    // A system message has no uploads of its own to take.
    const fromSystem = pairs.find((pair) => pair.uploaderId === null);
    if (fromSystem !== undefined) throw notTakeable(fromSystem.id);
    const taken = await sql<{ id: number }>`update attachments a set message_id = v.message_id
      from unnest(${pairs.map((pair) => pair.id)}::bigint[], ${pairs.map((pair) => pair.messageId)}::bigint[], ${pairs.map((pair) => pair.uploaderId)}::int[])
        as v(id, message_id, uploader_id)
      where a.id = v.id and a.uploader_id = v.uploader_id and a.message_id is null
      returning a.id`.execute(trx);
    if (taken.rows.length !== pairs.length) {
      const moved = new Set(taken.rows.map((row) => row.id));
      const seen = new Set<number>();
      const refused = pairs.find((pair) => {
        const bad = !moved.has(pair.id) || seen.has(pair.id);
        seen.add(pair.id);
        return bad;
      });
      throw notTakeable(refused?.id ?? pairs[0]?.id ?? 0);
    }
    return true;
  }

  async find(roomId: number, seq: number): Promise<Message | undefined> {
    return this.#c.read(async (db) => {
      const row = await db.selectFrom('messages').select(MESSAGE_COLUMNS).where('room_id', '=', roomId).where('seq', '=', seq).executeTakeFirst();
      if (row === undefined) return undefined;
      return (await this.#dress(db, [row]))[0];
    });
  }

  /**
   * Messages as the protocol carries them, read on `db`: each with its attachments and reactions (a tombstone shows
   * neither) and each reply with its original's quote. Three statements whatever the page, one more if it holds
   * replies.
   */
  async #dress(db: Db, rows: readonly MessageRow[]): Promise<Message[]> {
    const messages = await this.#withReplies(db, rows.map((row) => ({ message: toMessage(row), replyToSeq: row.reply_to_seq })));
    const live = messages.filter((message) => !message.deleted).map((message) => message.id);
    if (live.length === 0) return messages;
    const [files, counts, reactors] = await Promise.all([
      attachmentsOf(db, live),
      reactionCounts(db, live).execute(),
      firstReactors(db, live).execute(),
    ]);
    return withReactions(withAttachments(messages, files), reactionSummaries(counts, reactors));
  }

  /** The messages, each reply with its original's quote (read only when some message is a reply). */
  async #withReplies(db: Db, refs: { message: Message; replyToSeq: number | null }[]): Promise<Message[]> {
    const seats = replySeats(refs);
    return seats.length === 0 ? refs.map((ref) => ref.message) : withReplies(refs, await replyOriginals(db, seats).execute());
  }

  react(change: ReactionChange): Promise<ReactionResult> {
    return this.#c.transaction(async (trx): Promise<ReactionResult> => {
      // Locking the message orders a reaction against a deletion racing it: no reaction lands on a tombstone.
      const live = await trx
        .selectFrom('messages')
        .select(MESSAGE_COLUMNS)
        .where('room_id', '=', change.roomId)
        .where('seq', '=', change.seq)
        .where('deleted_at', 'is', null)
        .forUpdate()
        .executeTakeFirst();
      if (live === undefined) throw new IChatError('not_found', 'Message not found', { field: 'seq' });
      const touched = change.added
        ? await insertReaction(trx, live.id, change.userId, change.emoji, change.now).executeTakeFirst()
        : await deleteReaction(trx, live.id, change.userId, change.emoji).executeTakeFirst();
      if (touched === undefined) {
        const [message = toMessage(live)] = await this.#dress(trx, [live]);
        return { message, changed: false };
      }
      const advanced = await sql<MessageRow>`with counter as (
          update rooms set change_seq = change_seq + 1 where id = ${change.roomId} returning change_seq
        )
        update messages m set change_seq = counter.change_seq from counter where m.id = ${live.id}
        returning ${sql.raw(messageColumnsOf('m'))}`.execute(trx);
      const row = advanced.rows[0];
      if (row === undefined) throw new IChatError('not_found', 'Message not found', { field: 'seq' });
      const [message = toMessage(row)] = await this.#dress(trx, [row]);
      await this.#outbox.record(trx, 'message.updated', change.roomId, { message }, change.now);
      return { message, changed: true };
    });
  }

  reactors(roomId: number, seq: number, emoji: string, limit: number): Promise<Reactors> {
    return this.#c.read(async (db) => {
      const message = await db.selectFrom('messages').select('id').where('room_id', '=', roomId).where('seq', '=', seq).executeTakeFirst();
      if (message === undefined) throw new IChatError('not_found', 'Message not found', { field: 'seq' });
      const [users, count] = await Promise.all([
        reactorsOf(db, message.id, emoji, limit).execute(),
        reactionCount(db, message.id, emoji).executeTakeFirst(),
      ]);
      return { userIds: users.map((row) => row.user_id), count: count?.count ?? 0 };
    });
  }

  async reactionsOf(userId: number, messageIds: readonly number[]): Promise<Map<number, string[]>> {
    if (messageIds.length === 0) return new Map();
    return emojiByMessage(await this.#c.read((db) => reactionsOfUser(db, userId, messageIds).execute()));
  }

  edit(roomId: number, seq: number, text: string, now: number): Promise<Message> {
    return this.#c.transaction((trx) => this.#update(trx, 'message.updated', roomId, seq, { text, edited_at: now }));
  }

  delete(roomId: number, seq: number, now: number): Promise<Message> {
    return this.#c.transaction((trx) => this.#update(trx, 'message.deleted', roomId, seq, { text: '', deleted_at: now }));
  }

  async history(roomId: number, query: HistoryQuery): Promise<HistoryPage> {
    let select = this.#c.db.selectFrom('messages').select(MESSAGE_COLUMNS).where('room_id', '=', roomId).limit(query.limit + 1);
    const forwards = query.after !== undefined;
    if (query.after !== undefined) select = select.where('seq', '>', query.after).orderBy('seq', 'asc');
    else {
      if (query.before !== undefined) select = select.where('seq', '<', query.before);
      select = select.orderBy('seq', 'desc');
    }
    return this.#c.read(async (db) => {
      const rows = await select.execute();
      const hasMore = rows.length > query.limit;
      const page = await this.#dress(db, rows.slice(0, query.limit));
      if (!forwards) page.reverse();
      return { messages: page, hasMore };
    });
  }

  historyAfter(cursors: readonly RoomCursor[], limit: number): Promise<Map<number, HistoryPage>> {
    return this.#c.read(async (db) => {
      const pages = new Map<number, HistoryPage>();
      for (const chunk of cursorChunks(cursors)) {
        const { kept, split } = pageRows(chunk, await pagesAfter(db, chunk, limit + 1).execute(), limit);
        for (const [roomId, page] of split(await this.#dress(db, kept))) pages.set(roomId, page);
      }
      return pages;
    });
  }

  changes(roomId: number, after: number, limit: number): Promise<HistoryPage> {
    return this.#c.read(async (db) => {
      const rows = await db
        .selectFrom('messages')
        .select(MESSAGE_COLUMNS)
        .where('room_id', '=', roomId)
        .where('change_seq', '>', after)
        // Redundant with `after` ≥ 0, and what lets the index of changed messages alone (migration 14) serve it.
        .where('change_seq', '>', 0)
        .orderBy('change_seq', 'asc')
        .limit(limit + 1)
        .execute();
      return { messages: await this.#dress(db, rows.slice(0, limit)), hasMore: rows.length > limit };
    });
  }

  /**
   * One statement: the marker moves forward only, never past the room's last message, and the counts and the room's last
   * seq and change seq are read after, in the statement's one snapshot. A caller no longer a member gets marker 0.
   */
  async markRead(roomId: number, userId: number, seq: number): Promise<ReadMarker> {
    const rows = await this.#c.write((db) =>
      sql<{ read_seq: number; unread: number; mentioned: number; last_seq: number; change_seq: number }>`with moved as (
          update memberships m set read_seq = greatest(m.read_seq, least(r.last_seq, ${seq}::int))
          from rooms r where r.id = m.room_id and m.room_id = ${roomId} and m.user_id = ${userId}
          returning m.read_seq
        ), marker as (
          select coalesce((select read_seq from moved), 0) as read_seq
        )
        select marker.read_seq, (
          select count(*) from messages x
          where x.room_id = ${roomId} and x.seq > marker.read_seq and x.sender_id is distinct from ${userId}::int and x.deleted_at is null
        ) as unread, (
          select count(*) from mentions n
          where exists (select 1 from moved) and n.user_id = ${userId} and n.room_id = ${roomId} and n.seq > marker.read_seq
        ) as mentioned, coalesce(r.last_seq, 0) as last_seq, coalesce(r.change_seq, 0) as change_seq
        from marker left join rooms r on r.id = ${roomId}`.execute(db),
    );
    const row = rows.rows[0];
    return {
      readSeq: row?.read_seq ?? 0,
      unread: row?.unread ?? 0,
      mentioned: row?.mentioned ?? 0,
      lastSeq: row?.last_seq ?? 0,
      changeSeq: row?.change_seq ?? 0,
    };
  }

  /**
   * Changes a message (and its search words), advances its room's change seq onto it and records the change for
   * webhooks, inside `trx`: one statement moves the counter and the message together. The counter's row lock orders
   * concurrent changes in a room; when no live message is there, the caller's transaction rolls the counter back.
   */
  async #update(
    trx: Db,
    type: 'message.updated' | 'message.deleted',
    roomId: number,
    seq: number,
    changes: { text: string; edited_at?: number; deleted_at?: number },
  ): Promise<Message> {
    const row = await sql<MessageRow>`with counter as (
        update rooms set change_seq = change_seq + 1 where id = ${roomId} returning change_seq
      )
      update messages m set text = ${changes.text},
        edited_at = coalesce(${changes.edited_at ?? null}::bigint, m.edited_at),
        deleted_at = coalesce(${changes.deleted_at ?? null}::bigint, m.deleted_at),
        search = array_to_tsvector(string_to_array(${searchWords(changes.text)}, ' ')),
        change_seq = counter.change_seq,
        mention_ids = null
      from counter
      where m.room_id = ${roomId} and m.seq = ${seq} and m.deleted_at is null
      returning ${sql.raw(messageColumnsOf('m'))}`.execute(trx);
    const updated = row.rows[0];
    if (updated === undefined) throw new IChatError('not_found', 'Message not found');
    // The mentions follow the text: an edit finds them again, a tombstone keeps none.
    await sql`delete from mentions where message_id = ${updated.id}`.execute(trx);
    const [mentioned] = await storeMentions(trx, [toMessage(updated)]);
    const [dressed = toMessage(updated)] = await this.#dress(trx, [updated]);
    const message = mentioned?.mentions === undefined ? dressed : { ...dressed, mentions: mentioned.mentions };
    await this.#outbox.record(trx, type, roomId, { message }, changes.edited_at ?? changes.deleted_at ?? message.createdAt);
    return message;
  }
}
