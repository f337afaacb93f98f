// Rooms' statements that read the same in both dialects.

import type { Kysely } from 'kysely';
import type { Database } from '../sqlite/schema.js';

/** Ids per statement when reading many rooms at once: well under either dialect's limit on bound parameters. */
export const ROOM_IDS_PER_QUERY = 500;

/** The last seq of each of these rooms (at most {@link ROOM_IDS_PER_QUERY}) that exists. */
export function lastSeqsOf(db: Kysely<Database>, roomIds: readonly number[]) {
  return db.selectFrom('rooms').select(['id', 'last_seq']).where('id', 'in', roomIds);
}

/** The ids in chunks of {@link ROOM_IDS_PER_QUERY}, each once. */
export function roomIdChunks(roomIds: readonly number[]): number[][] {
  const unique = [...new Set(roomIds)];
  const chunks: number[][] = [];
  for (let start = 0; start < unique.length; start += ROOM_IDS_PER_QUERY) chunks.push(unique.slice(start, start + ROOM_IDS_PER_QUERY));
  return chunks;
}
