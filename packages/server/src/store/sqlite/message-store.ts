// Messages over SQLite: the group-commit append on hand-prepared statements, everything else built with Kysely.

import { IChatError, type Message } from '@ichat/protocol';
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type {
  AppendResult,
  HistoryPage,
  HistoryQuery,
  MessageStore,
  QueuedMessage,
  ReadMarker,
} from '../contract/message-store.js';
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
  insert: BetterSqlite3.Statement<[number, number, number | null, string, string, number], Selectable<MessagesTable>>;
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
        'insert into messages (room_id, seq, sender_id, text, client_msg_id, created_at) values (?, ?, ?, ?, ?, ?) returning *',
      ),
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
            return { message: this.#withAttachments(toMessage(earlier)), duplicate: true };
          }
          const room = statements.nextSeq.get(queued.createdAt, queued.roomId);
          if (room === undefined) throw new IChatError('not_found', 'Room not found');
          const row = statements.insert.get(
            queued.roomId,
            room.last_seq,
            queued.senderId,
            queued.text,
            queued.clientMsgId,
            queued.createdAt,
          );
          if (row === undefined) throw new IChatError('internal', 'Message was not stored');
          const message = this.#take(statements, toMessage(row), queued);
          this.#outbox.record('message.created', queued.roomId, { message }, queued.createdAt);
          return { message, duplicate: false };
        }),
      ),
    );
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

  find(roomId: number, seq: number): Promise<Message | undefined> {
    const row = this.#c.q.first(
      this.#c.db.selectFrom('messages').selectAll().where('room_id', '=', roomId).where('seq', '=', seq),
    );
    return Promise.resolve(row === undefined ? undefined : this.#withAttachments(toMessage(row)));
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
    const page = this.#allWithAttachments(rows.slice(0, query.limit).map(toMessage));
    if (!forwards) page.reverse();
    return Promise.resolve({ messages: page, hasMore });
  }

  changes(roomId: number, after: number, limit: number): Promise<HistoryPage> {
    const rows = this.#c.q.all(
      this.#c.db
        .selectFrom('messages')
        .selectAll()
        .where('room_id', '=', roomId)
        .where('change_seq', '>', after)
        // Redundant with `after` ≥ 0, and what lets the index of changed messages alone (migration 12) serve it.
        .where('change_seq', '>', 0)
        .orderBy('change_seq', 'asc')
        .limit(limit + 1),
    );
    return Promise.resolve({ messages: this.#allWithAttachments(rows.slice(0, limit).map(toMessage)), hasMore: rows.length > limit });
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
        return { readSeq, unread: this.#unread(roomId, userId, readSeq) };
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
      db.selectFrom('messages').select('id').where('room_id', '=', roomId).where('seq', '=', seq).where('deleted_at', 'is', null),
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
    const row = q.first(
      db.updateTable('messages').set({ ...changes, change_seq: room.change_seq }).where('id', '=', live.id).returningAll(),
    );
    if (row === undefined) throw new IChatError('not_found', 'Message not found');
    const message = this.#withAttachments(toMessage(row));
    this.#outbox.record(type, roomId, { message }, changes.edited_at ?? changes.deleted_at ?? message.createdAt);
    return message;
  }
}
