// Messages over SQLite: the group-commit append on hand-prepared statements, everything else built with Kysely.

import { IChatError, mentionedNames, type Message } from '@ichat/protocol';
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type {
  AppendResult,
  HistoryPage,
  HistoryQuery,
  MessageStore,
  QueuedMessage,
  ReactionChange,
  RoomCursor,
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
import { replyOriginals, replySeats, toReplyTo, withReplies } from '../queries/reply-queries.js';
import { cursorChunks, pageRows, pagesAfter } from '../queries/history-queries.js';
import { membersNamed, mentionIdsColumn, mentionIdsInOrder, mentionsAfter } from '../queries/mention-queries.js';
import type { SqliteAttachmentStore } from './attachment-store.js';
import type { SqliteConnection } from './connection.js';
import { toMessage } from './message-row.js';
import type { MessagesTable } from './schema.js';
import type { WebhookOutbox } from './webhook-outbox.js';

/**
 * The per-message statements of a group commit, prepared once as plain SQL: building them with Kysely for every
 * message would cost more than running them.
 */
interface AppendStatements {
  findByClientId: BetterSqlite3.Statement<[number, string], Selectable<MessagesTable>>;
  findSystemByClientId: BetterSqlite3.Statement<[number, string], Selectable<MessagesTable>>;
  nextSeq: BetterSqlite3.Statement<[number, number], { last_seq: number }>;
  insert: BetterSqlite3.Statement<
    [number, number, number | null, string, string, number, number | null, string | null],
    Selectable<MessagesTable>
  >;
  original: BetterSqlite3.Statement<
    [number, number],
    { id: number; room_id: number; seq: number; sender_id: number | null; text: string; deleted_at: number | null }
  >;
  insertMention: BetterSqlite3.Statement<[number, number, number, number]>;
  takeAttachment: BetterSqlite3.Statement<[number, number, number]>;
}

export class SqliteMessageStore implements MessageStore {
  readonly #c: SqliteConnection;
  // SQLite-specific: better-sqlite3 statements run synchronously inside one transaction per batch (`?` placeholders);
  // a PostgreSQL store must provide its own append path.
  readonly #append: () => AppendStatements;
  readonly #outbox: WebhookOutbox;
  readonly #attachments: SqliteAttachmentStore;

  constructor(connection: SqliteConnection, outbox: WebhookOutbox, attachments: SqliteAttachmentStore) {
    this.#c = connection;
    this.#outbox = outbox;
    this.#attachments = attachments;
    this.#append = connection.preparedOnFirstUse((raw) => ({
      findByClientId: raw.prepare('select * from messages where sender_id = ? and client_msg_id = ?'),
      findSystemByClientId: raw.prepare(
        'select * from messages where room_id = ? and client_msg_id = ? and sender_id is null',
      ),
      nextSeq: raw.prepare(
        'update rooms set last_seq = last_seq + 1, last_activity_at = ? where id = ? returning last_seq',
      ),
      insert: raw.prepare(
        'insert into messages (room_id, seq, sender_id, text, client_msg_id, created_at, reply_to_seq, mention_ids) values (?, ?, ?, ?, ?, ?, ?, ?) returning *',
      ),
      original: raw.prepare('select id, room_id, seq, sender_id, text, deleted_at from messages where room_id = ? and seq = ?'),
      insertMention: raw.prepare('insert into mentions (message_id, room_id, user_id, seq) values (?, ?, ?, ?)'),
      takeAttachment: raw.prepare(
        'update attachments set message_id = ? where id = ? and uploader_id = ? and message_id is null',
      ),
    }));
  }

  append(batch: readonly QueuedMessage[]): Promise<AppendResult[]> {
    const statements = this.#append();
    return this.#c.durable(
      this.#c.q.transaction(() =>
        batch.map((queued): AppendResult => {
          const earlier =
            queued.senderId === null
              ? statements.findSystemByClientId.get(queued.roomId, queued.clientMsgId)
              : statements.findByClientId.get(queued.senderId, queued.clientMsgId);
          if (earlier !== undefined) {
            // A resend names the same room; an id reused for another room is a client bug, not a resend.
            if (earlier.room_id !== queued.roomId) {
              throw new IChatError('validation_failed', 'This clientMsgId was already used for a message in another room', {
                field: 'clientMsgId',
              });
            }
            return { message: this.#dress([earlier])[0] ?? toMessage(earlier), duplicate: true };
          }
          const original = queued.replyToSeq === undefined ? undefined : statements.original.get(queued.roomId, queued.replyToSeq);
          if (queued.replyToSeq !== undefined && (original === undefined || original.deleted_at !== null)) {
            throw new IChatError('validation_failed', 'The message replied to is not in this room or was deleted', { field: 'replyTo' });
          }
          const room = statements.nextSeq.get(queued.createdAt, queued.roomId);
          if (room === undefined) throw new IChatError('not_found', 'Room not found');
          const mentioned = this.#mentioned(queued.roomId, queued.text, queued.senderId);
          const row = statements.insert.get(
            queued.roomId,
            room.last_seq,
            queued.senderId,
            queued.text,
            queued.clientMsgId,
            queued.createdAt,
            queued.replyToSeq ?? null,
            mentionIdsColumn(mentioned),
          );
          if (row === undefined) throw new IChatError('internal', 'Message was not stored');
          for (const userId of mentioned) statements.insertMention.run(row.id, row.room_id, userId, row.seq);
          const stored = toMessage(row);
          // A new message has no reactions yet; its quote is the original just checked.
          const message = this.#take(statements, original === undefined ? stored : { ...stored, replyTo: toReplyTo(original) }, queued);
          this.#outbox.record('message.created', queued.roomId, { message }, queued.createdAt);
          return { message, duplicate: false };
        }),
      ),
    );
  }

  /**
   * The members a text mentions, sender aside, in the order first named. A text without `@name` tokens (most) costs no
   * query; one with them is resolved with a query built by Kysely, rare enough not to need a prepared statement.
   */
  #mentioned(roomId: number, text: string, senderId: number | null): number[] {
    const names = mentionedNames(text);
    if (names.length === 0) return [];
    return mentionIdsInOrder(names, this.#c.q.all(membersNamed(this.#c.db, roomId, names, senderId)));
  }

  /** Gives a just-stored message the uploads it was sent with; call it inside the append's transaction. */
  #take(statements: AppendStatements, message: Message, queued: QueuedMessage): Message {
    const ids = queued.attachmentIds ?? [];
    if (ids.length === 0) return message;
    for (const id of ids) {
      // A system message has no uploads of its own to take.
      const taken = queued.senderId === null ? 0 : statements.takeAttachment.run(message.id, id, queued.senderId).changes;
      if (taken !== 1) {
        throw new IChatError('validation_failed', `Attachment ${id} is not an upload of yours that is still unsent`, {
          field: 'attachments',
        });
      }
    }
    return this.#withAttachments(message);
  }

  /** The message with its attachments, if it has any (a tombstone shows none). */
  #withAttachments(message: Message): Message {
    return this.#allWithAttachments([message])[0] ?? message;
  }

  #allWithAttachments(messages: Message[]): Message[] {
    const byMessage = this.#attachments.ofMessages(messages.filter((message) => !message.deleted).map((message) => message.id));
    if (byMessage.size === 0) return messages;
    return messages.map((message) => {
      const attachments = byMessage.get(message.id);
      return attachments === undefined ? message : { ...message, attachments };
    });
  }

  /**
   * Messages as the protocol carries them: each with its attachments and reactions (a tombstone shows neither) and
   * each reply with its original's quote. Two statements for the reactions whatever the page, one more if it holds
   * replies.
   */
  #dress(rows: readonly Selectable<MessagesTable>[]): Message[] {
    const { db, q } = this.#c;
    const refs = rows.map((row) => ({ message: toMessage(row), replyToSeq: row.reply_to_seq }));
    const seats = replySeats(refs);
    const messages = this.#allWithAttachments(seats.length === 0 ? refs.map((ref) => ref.message) : withReplies(refs, q.all(replyOriginals(db, seats))));
    const live = messages.filter((message) => !message.deleted).map((message) => message.id);
    if (live.length === 0) return messages;
    return withReactions(messages, reactionSummaries(q.all(reactionCounts(db, live)), q.all(firstReactors(db, live))));
  }

  find(roomId: number, seq: number): Promise<Message | undefined> {
    const row = this.#c.q.first(
      this.#c.db.selectFrom('messages').selectAll().where('room_id', '=', roomId).where('seq', '=', seq),
    );
    return Promise.resolve(row === undefined ? undefined : this.#dress([row])[0]);
  }

  react(change: ReactionChange): Promise<ReactionResult> {
    const { db, q } = this.#c;
    return this.#c.durable(
      q.transaction((): ReactionResult => {
        const live = q.first(
          db
            .selectFrom('messages')
            .selectAll()
            .where('room_id', '=', change.roomId)
            .where('seq', '=', change.seq)
            .where('deleted_at', 'is', null),
        );
        if (live === undefined) throw new IChatError('not_found', 'Message not found', { field: 'seq' });
        const touched = change.added
          ? q.first(insertReaction(db, live.id, change.userId, change.emoji, change.now))
          : q.first(deleteReaction(db, live.id, change.userId, change.emoji));
        if (touched === undefined) return { message: this.#dress([live])[0] ?? toMessage(live), changed: false };
        const row = this.#advance(change.roomId, live.id);
        const message = this.#dress([row])[0] ?? toMessage(row);
        this.#outbox.record('message.updated', change.roomId, { message }, change.now);
        return { message, changed: true };
      }),
    );
  }

  reactors(roomId: number, seq: number, emoji: string, limit: number): Promise<Reactors> {
    const { db, q } = this.#c;
    const message = q.first(db.selectFrom('messages').select('id').where('room_id', '=', roomId).where('seq', '=', seq));
    if (message === undefined) return Promise.reject(new IChatError('not_found', 'Message not found', { field: 'seq' }));
    const userIds = q.all(reactorsOf(db, message.id, emoji, limit)).map((row) => row.user_id);
    return Promise.resolve({ userIds, count: q.first(reactionCount(db, message.id, emoji))?.count ?? 0 });
  }

  reactionsOf(userId: number, messageIds: readonly number[]): Promise<Map<number, string[]>> {
    if (messageIds.length === 0) return Promise.resolve(new Map<number, string[]>());
    return Promise.resolve(emojiByMessage(this.#c.q.all(reactionsOfUser(this.#c.db, userId, messageIds))));
  }

  /** Advances the room's change seq onto the message; call it inside the transaction that changed the message. */
  #advance(roomId: number, messageId: number): Selectable<MessagesTable> {
    const { db, q } = this.#c;
    const room = q.first(
      db.updateTable('rooms').set((eb) => ({ change_seq: eb('change_seq', '+', 1) })).where('id', '=', roomId).returning('change_seq'),
    );
    if (room === undefined) throw new IChatError('not_found', 'Room not found');
    const row = q.first(db.updateTable('messages').set({ change_seq: room.change_seq }).where('id', '=', messageId).returningAll());
    if (row === undefined) throw new IChatError('not_found', 'Message not found');
    return row;
  }

  edit(roomId: number, seq: number, text: string, now: number): Promise<Message> {
    return this.#c.durable(this.#c.q.transaction(() => this.#update('message.updated', roomId, seq, { text, edited_at: now })));
  }

  delete(roomId: number, seq: number, now: number): Promise<Message> {
    return this.#c.durable(this.#c.q.transaction(() => this.#update('message.deleted', roomId, seq, { text: '', deleted_at: now })));
  }

  history(roomId: number, query: HistoryQuery): Promise<HistoryPage> {
    let select = this.#c.db.selectFrom('messages').selectAll().where('room_id', '=', roomId).limit(query.limit + 1);
    const forwards = query.after !== undefined;
    if (query.after !== undefined) select = select.where('seq', '>', query.after).orderBy('seq', 'asc');
    else {
      if (query.before !== undefined) select = select.where('seq', '<', query.before);
      select = select.orderBy('seq', 'desc');
    }
    const rows = this.#c.q.all(select);
    const hasMore = rows.length > query.limit;
    const page = this.#dress(rows.slice(0, query.limit));
    if (!forwards) page.reverse();
    return Promise.resolve({ messages: page, hasMore });
  }

  historyAfter(cursors: readonly RoomCursor[], limit: number): Promise<Map<number, HistoryPage>> {
    const pages = new Map<number, HistoryPage>();
    for (const chunk of cursorChunks(cursors)) {
      const { kept, split } = pageRows(chunk, this.#c.q.all(pagesAfter(this.#c.db, chunk, limit + 1)), limit);
      for (const [roomId, page] of split(this.#dress(kept))) pages.set(roomId, page);
    }
    return Promise.resolve(pages);
  }

  changes(roomId: number, after: number, limit: number): Promise<HistoryPage> {
    const rows = this.#c.q.all(
      this.#c.db
        .selectFrom('messages')
        .selectAll()
        .where('room_id', '=', roomId)
        .where('change_seq', '>', after)
        // Redundant with `after` ≥ 0, and what lets the index of changed messages alone (migration 14) serve it.
        .where('change_seq', '>', 0)
        .orderBy('change_seq', 'asc')
        .limit(limit + 1),
    );
    return Promise.resolve({ messages: this.#dress(rows.slice(0, limit)), hasMore: rows.length > limit });
  }

  markRead(roomId: number, userId: number, seq: number): Promise<ReadMarker> {
    const { db, q } = this.#c;
    return this.#c.durable(
      q.transaction(() => {
        q.run(
          db
            .updateTable('memberships')
            .set((eb) => ({
              read_seq: eb
                .case()
                .when('read_seq', '<', seq)
                .then(
                  // SQLite-specific: two-argument min() is SQLite's scalar minimum; PostgreSQL spells it least().
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
        const row = q.first(
          db.selectFrom('memberships').select('read_seq').where('room_id', '=', roomId).where('user_id', '=', userId),
        );
        const readSeq = row?.read_seq ?? 0;
        const mentioned = q.first(mentionsAfter(db, roomId, userId, readSeq))?.n ?? 0;
        const room = q.first(db.selectFrom('rooms').select(['last_seq', 'change_seq']).where('id', '=', roomId));
        return {
          readSeq,
          unread: this.#unread(roomId, userId, readSeq),
          mentioned,
          lastSeq: room?.last_seq ?? 0,
          changeSeq: room?.change_seq ?? 0,
        };
      }),
    );
  }

  #unread(roomId: number, userId: number, readSeq: number): number {
    const row = this.#c.q.first(
      this.#c.db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('room_id', '=', roomId)
        .where('seq', '>', readSeq)
        // SQLite-specific: `is not` is null-safe (PostgreSQL: `is distinct from`), so system messages count.
        .where('sender_id', 'is not', userId)
        .where('deleted_at', 'is', null),
    );
    return row?.n ?? 0;
  }

  /**
   * Changes a message, advances its room's change seq onto it and records the change for webhooks; call it inside a
   * transaction, so the message and the counter move together.
   */
  #update(
    type: 'message.updated' | 'message.deleted',
    roomId: number,
    seq: number,
    changes: { text: string; edited_at?: number; deleted_at?: number },
  ): Message {
    const { db, q } = this.#c;
    const live = q.first(
      db.selectFrom('messages').select(['id', 'sender_id']).where('room_id', '=', roomId).where('seq', '=', seq).where('deleted_at', 'is', null),
    );
    if (live === undefined) throw new IChatError('not_found', 'Message not found');
    const room = q.first(
      db
        .updateTable('rooms')
        .set((eb) => ({ change_seq: eb('change_seq', '+', 1) }))
        .where('id', '=', roomId)
        .returning('change_seq'),
    );
    if (room === undefined) throw new IChatError('not_found', 'Room not found');
    // The mentions follow the text: an edit finds them again, a tombstone keeps none.
    const mentioned = changes.deleted_at === undefined ? this.#mentioned(roomId, changes.text, live.sender_id) : [];
    const row = q.first(
      db
        .updateTable('messages')
        .set({ ...changes, change_seq: room.change_seq, mention_ids: mentionIdsColumn(mentioned) })
        .where('id', '=', live.id)
        .returningAll(),
    );
    if (row === undefined) throw new IChatError('not_found', 'Message not found');
    q.run(db.deleteFrom('mentions').where('message_id', '=', live.id));
    if (mentioned.length > 0) {
      q.run(db.insertInto('mentions').values(mentioned.map((userId) => ({ message_id: row.id, room_id: roomId, user_id: userId, seq }))));
    }
    const message = this.#dress([row])[0] ?? toMessage(row);
    this.#outbox.record(type, roomId, { message }, changes.edited_at ?? changes.deleted_at ?? message.createdAt);
    return message;
  }
}
