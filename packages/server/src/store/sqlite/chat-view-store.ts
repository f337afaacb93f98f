// Chat views over SQLite: rooms joined with members, last message and each member's marker, in a fixed number of queries.

import type { Chat, Message, PublicUser } from '@ichat/protocol';
import type { ExpressionBuilder } from 'kysely';
import type { ChatViewStore } from '../contract/chat-view-store.js';
import { mentionedCount } from '../queries/mention-queries.js';
import { lastMessageByRoom, lastMessagesOf, membersByRoom, membersOf, previewIds, previewsWithFiles } from '../queries/chat-view-queries.js';
import type { SqliteAttachmentStore } from './attachment-store.js';
import type { SqliteConnection } from './connection.js';
import type { Database, MembershipsTable, RoomsTable } from './schema.js';

export interface RoomRow {
  id: number;
  kind: 'direct' | 'group';
  name: string | null;
  owner_id: number;
  created_at: number;
  last_seq: number;
  last_activity_at: number;
  change_seq: number;
}

export const ROOM_COLUMNS = [
  'r.id',
  'r.kind',
  'r.name',
  'r.owner_id',
  'r.created_at',
  'r.last_seq',
  'r.last_activity_at',
  'r.change_seq',
] as const;

export class SqliteChatViewStore implements ChatViewStore {
  readonly #c: SqliteConnection;
  readonly #attachments: SqliteAttachmentStore;

  constructor(connection: SqliteConnection, attachments: SqliteAttachmentStore) {
    this.#c = connection;
    this.#attachments = attachments;
  }

  list(userId: number): Promise<Chat[]> {
    const select = this.#c.db
      .selectFrom('memberships as m')
      .innerJoin('rooms as r', 'r.id', 'm.room_id')
      .select([...ROOM_COLUMNS, 'm.read_seq', 'm.muted'])
      .select((eb) => [unreadCount(eb).as('unread'), mentionedCount(eb).as('mentioned')])
      .where('m.user_id', '=', userId)
      .orderBy('r.last_activity_at', 'desc')
      .orderBy('r.id', 'desc');
    const rooms = this.#c.q.all(select);
    if (rooms.length === 0) return Promise.resolve([]);
    const roomIds = rooms.map((room) => room.id);
    const members = this.#membersOf(roomIds);
    const lastMessages = this.#lastMessagesOf(roomIds);
    return Promise.resolve(
      rooms.map((room) => {
        const marker = { readSeq: room.read_seq, unread: room.unread ?? 0, mentioned: room.mentioned ?? 0, muted: room.muted === 1 };
        return toChat(room, userId, marker, members.get(room.id) ?? [], lastMessages.get(room.id));
      }),
    );
  }

  view(roomId: number, userId: number): Promise<Chat | undefined> {
    // The one-member case of views, so that one room's view is computed one way.
    return Promise.resolve(this.#views(roomId, [userId]).get(userId));
  }

  views(roomId: number, userIds: readonly number[]): Promise<Map<number, Chat>> {
    return Promise.resolve(this.#views(roomId, userIds));
  }

  #views(roomId: number, userIds: readonly number[]): Map<number, Chat> {
    const views = new Map<number, Chat>();
    const { db, q } = this.#c;
    const room = q.first(db.selectFrom('rooms as r').select(ROOM_COLUMNS).where('r.id', '=', roomId));
    if (room === undefined || userIds.length === 0) return views;
    const markers = q.all(
      db
        .selectFrom('memberships as m')
        .innerJoin('rooms as r', 'r.id', 'm.room_id')
        .select(['m.user_id', 'm.read_seq', 'm.muted'])
        .select((eb) => [unreadCount(eb).as('unread'), mentionedCount(eb).as('mentioned')])
        .where('m.room_id', '=', roomId)
        .where('m.user_id', 'in', [...new Set(userIds)]),
    );
    const members = this.#membersOf([roomId]).get(roomId) ?? [];
    const lastMessage = this.#lastMessagesOf([roomId]).get(roomId);
    for (const marker of markers) {
      const view = { readSeq: marker.read_seq, unread: marker.unread ?? 0, mentioned: marker.mentioned ?? 0, muted: marker.muted === 1 };
      views.set(marker.user_id, toChat(room, marker.user_id, view, members, lastMessage));
    }
    return views;
  }

  #membersOf(roomIds: readonly number[]): Map<number, PublicUser[]> {
    return membersByRoom(this.#c.q.all(membersOf(this.#c.db, roomIds)));
  }

  #lastMessagesOf(roomIds: readonly number[]): Map<number, Message> {
    const previews = lastMessageByRoom(this.#c.q.all(lastMessagesOf(this.#c.db, roomIds)));
    return previewsWithFiles(previews, this.#attachments.ofMessages(previewIds(previews)));
  }
}

/**
 * A member's unread messages in the joined room `r`: others' messages (system ones included) after their read marker,
 * tombstones aside.
 */
function unreadCount(eb: ExpressionBuilder<Database & { m: MembershipsTable; r: RoomsTable }, 'm' | 'r'>) {
  return eb
    .selectFrom('messages as x')
    .select(eb.fn.countAll<number>().as('n'))
    .whereRef('x.room_id', '=', 'r.id')
    .whereRef('x.seq', '>', 'm.read_seq')
    // SQLite-specific: `is not` is null-safe (PostgreSQL: `is distinct from`), so system messages count as unread.
    .whereRef('x.sender_id', 'is not', 'm.user_id')
    .where('x.deleted_at', 'is', null);
}

/** One room as one member sees it. */
export function toChat(
  room: RoomRow,
  userId: number,
  marker: { readSeq: number; unread: number; mentioned: number; muted: boolean },
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
    changeSeq: room.change_seq,
    lastMessage: lastMessage ?? null,
    lastActivityAt: room.last_activity_at,
    readSeq: marker.readSeq,
    unread: marker.unread,
    mentioned: marker.mentioned,
    muted: marker.muted,
  };
}
