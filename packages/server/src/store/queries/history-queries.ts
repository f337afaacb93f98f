// History statements that read the same in both dialects: pages of several rooms at once.

import type { Kysely } from 'kysely';
import type { RoomCursor } from '../contract/message-store.js';
import { MESSAGE_COLUMNS } from '../postgres/message-columns.js';
import type { Database } from '../sqlite/schema.js';

/** Rooms per statement when paging many at once: well under either dialect's limit on bound parameters. */
export const CURSORS_PER_QUERY = 200;

/**
 * Up to `perRoom` messages of each room after its cursor, in room then seq order: one statement for all of them (at
 * most {@link CURSORS_PER_QUERY}), each room's page cut by its row number.
 */
export function pagesAfter(db: Kysely<Database>, cursors: readonly RoomCursor[], perRoom: number) {
  const numbered = db
    .selectFrom('messages')
    .select(MESSAGE_COLUMNS)
    .select((eb) => eb.fn.agg<number>('row_number').over((over) => over.partitionBy('room_id').orderBy('seq')).as('place'))
    .where((eb) => eb.or(cursors.map((cursor) => eb.and([eb('room_id', '=', cursor.roomId), eb('seq', '>', cursor.after)]))));
  return db.selectFrom(numbered.as('w')).select(MESSAGE_COLUMNS).where('place', '<=', perRoom).orderBy('room_id').orderBy('seq');
}

/** The cursors in chunks of {@link CURSORS_PER_QUERY}, one per room (the first given for a room wins). */
export function cursorChunks(cursors: readonly RoomCursor[]): RoomCursor[][] {
  const seen = new Set<number>();
  const unique = cursors.filter((cursor) => !seen.has(cursor.roomId) && seen.add(cursor.roomId));
  const chunks: RoomCursor[][] = [];
  for (let start = 0; start < unique.length; start += CURSORS_PER_QUERY) chunks.push(unique.slice(start, start + CURSORS_PER_QUERY));
  return chunks;
}

/** Each room's page: at most the limit asked for, and whether more follow. */
export interface RoomPage<M> {
  messages: M[];
  hasMore: boolean;
}

/**
 * Rows read with {@link pagesAfter} (`limit + 1` per room) cut to each cursor's page: `kept` are the rows to dress into
 * messages (all at once, in this order), and `split` hands the dressed messages out to their rooms.
 */
export function pageRows<Row extends { room_id: number }>(
  cursors: readonly RoomCursor[],
  rows: readonly Row[],
  limit: number,
): { kept: Row[]; split: <M>(dressed: readonly M[]) => Map<number, RoomPage<M>> } {
  const byRoom = new Map<number, Row[]>(cursors.map((cursor) => [cursor.roomId, []]));
  for (const row of rows) byRoom.get(row.room_id)?.push(row);
  return {
    kept: [...byRoom.values()].flatMap((roomRows) => roomRows.slice(0, limit)),
    split: (dressed) => {
      const pages = new Map<number, RoomPage<(typeof dressed)[number]>>();
      let next = 0;
      for (const [roomId, roomRows] of byRoom) {
        const count = Math.min(roomRows.length, limit);
        pages.set(roomId, { messages: dressed.slice(next, next + count), hasMore: roomRows.length > limit });
        next += count;
      }
      return pages;
    },
  };
}
