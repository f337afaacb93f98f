// Chat views over PostgreSQL: rooms joined with members, last message and each member's marker, in a fixed number of queries.

import type { Chat, Message } from '@ichat/protocol';
import type { ExpressionBuilder } from 'kysely';
import type { ChatViewStore } from '../contract/chat-view-store.js';
import { ROOM_COLUMNS, toChat } from '../sqlite/chat-view-store.js';
import { mentionedCount } from '../queries/mention-queries.js';
import { lastMessageByRoom, lastMessagesOf, membersByRoom, membersOf, previewIds, previewsWithFiles } from '../queries/chat-view-queries.js';
import type { Database, MembershipsTable, RoomsTable } from '../sqlite/schema.js';
import { attachmentsOf } from './attachment-store.js';
import type { PostgresConnection } from './connection.js';
import type { Db } from './message-columns.js';

export class PostgresChatViewStore implements ChatViewStore {
  readonly #c: PostgresConnection;

  constructor(connection: PostgresConnection) {
    this.#c = connection;
  }

  list(userId: number): Promise<Chat[]> {
    return this.#c.read(async (db) => {
      const rooms = await db
        .selectFrom('memberships as m')
        .innerJoin('rooms as r', 'r.id', 'm.room_id')
        .select([...ROOM_COLUMNS, 'm.read_seq', 'm.muted'])
        .select((eb) => [unreadCount(eb).as('unread'), mentionedCount(eb).as('mentioned')])
        .where('m.user_id', '=', userId)
        .orderBy('r.last_activity_at', 'desc')
        .orderBy('r.id', 'desc')
        .execute();
      if (rooms.length === 0) return [];
      const roomIds = rooms.map((room) => room.id);
      const [members, lastMessages] = await Promise.all([
        membersOf(db, roomIds).execute().then(membersByRoom),
        previewsOf(db, roomIds),
      ]);
      return rooms.map((room) => {
        const marker = { readSeq: room.read_seq, unread: room.unread ?? 0, mentioned: room.mentioned ?? 0, muted: room.muted === 1 };
        return toChat(room, userId, marker, members.get(room.id) ?? [], lastMessages.get(room.id));
      });
    });
  }

  async view(roomId: number, userId: number): Promise<Chat | undefined> {
    // The one-member case of views, so that one room's view is computed one way.
    return (await this.views(roomId, [userId])).get(userId);
  }

  views(roomId: number, userIds: readonly number[]): Promise<Map<number, Chat>> {
    return this.#c.read(async (db) => {
      const views = new Map<number, Chat>();
      const room = await db.selectFrom('rooms as r').select(ROOM_COLUMNS).where('r.id', '=', roomId).executeTakeFirst();
      if (room === undefined || userIds.length === 0) return views;
      const [markers, members, lastMessages] = await Promise.all([
        db
          .selectFrom('memberships as m')
          .innerJoin('rooms as r', 'r.id', 'm.room_id')
          .select(['m.user_id', 'm.read_seq', 'm.muted'])
          .select((eb) => [unreadCount(eb).as('unread'), mentionedCount(eb).as('mentioned')])
          .where('m.room_id', '=', roomId)
          .where('m.user_id', 'in', [...new Set(userIds)])
          .execute(),
        membersOf(db, [roomId]).execute().then(membersByRoom),
        previewsOf(db, [roomId]),
      ]);
      for (const marker of markers) {
        const view = { readSeq: marker.read_seq, unread: marker.unread ?? 0, mentioned: marker.mentioned ?? 0, muted: marker.muted === 1 };
        views.set(marker.user_id, toChat(room, marker.user_id, view, members.get(roomId) ?? [], lastMessages.get(roomId)));
      }
      return views;
    });
  }
}

/** The rooms' last messages with their attachments, by room. */
async function previewsOf(db: Db, roomIds: readonly number[]): Promise<Map<number, Message>> {
  const previews = lastMessageByRoom(await lastMessagesOf(db, roomIds).execute());
  return previewsWithFiles(previews, await attachmentsOf(db, previewIds(previews)));
}

/**
 * A member's unread messages in the joined room `r`: others' messages (system ones included, by `is distinct from`)
 * after their read marker, tombstones aside. An index range scan on messages (room_id, seq).
 */
function unreadCount(eb: ExpressionBuilder<Database & { m: MembershipsTable; r: RoomsTable }, 'm' | 'r'>) {
  return eb
    .selectFrom('messages as x')
    .select(eb.fn.countAll<number>().as('n'))
    .whereRef('x.room_id', '=', 'r.id')
    .whereRef('x.seq', '>', 'm.read_seq')
    .whereRef('x.sender_id', 'is distinct from', 'm.user_id')
    .where('x.deleted_at', 'is', null);
}
