// The messages columns the protocol's Message is made of, named once: the `search` vector stays in the database.

import type { Kysely } from 'kysely';
import type { Database } from '../sqlite/schema.js';

/** For Kysely selects and returning clauses. */
export const MESSAGE_COLUMNS = ['id', 'room_id', 'seq', 'sender_id', 'text', 'client_msg_id', 'created_at', 'edited_at', 'deleted_at', 'change_seq', 'reply_to_seq', 'mention_ids'] as const;

/** The same columns for hand-written SQL, each prefixed with a table alias (`m.id, m.room_id, …`). */
export function messageColumnsOf(alias: string): string {
  return MESSAGE_COLUMNS.map((column) => `${alias}.${column}`).join(', ');
}

/** A store's handle: the pool, or a transaction on one of its connections. */
export type Db = Kysely<Database>;
