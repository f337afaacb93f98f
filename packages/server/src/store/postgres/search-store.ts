// Message search over a PostgreSQL tsvector column with a GIN index (migration 009), written with each message's text.

import type { Message, SearchTerms } from '@ichat/protocol';
import { sql, type Selectable } from 'kysely';
import type { SearchQuery, SearchStore } from '../contract/search-store.js';
import { toMessage } from '../sqlite/message-row.js';
import type { MessagesTable } from '../sqlite/schema.js';
import { withAttachments } from '../queries/attachment-queries.js';
import { attachmentsOf } from './attachment-store.js';
import type { PostgresConnection } from './connection.js';
import { messageColumnsOf } from './message-columns.js';

/**
 * The tsquery for the words, in tsquery's own syntax so no parser or dictionary touches them: every word required, the
 * last maybe as a prefix. The words hold only letters, digits and private-use characters, so quoting each is enough.
 */
function tsquery({ words, prefixLast }: SearchTerms): string {
  return words.map((word, index) => `'${word}'${prefixLast && index === words.length - 1 ? ':*' : ''}`).join(' & ');
}

export class PostgresSearchStore implements SearchStore {
  readonly #c: PostgresConnection;

  constructor(connection: PostgresConnection) {
    this.#c = connection;
  }

  async recentMatches(query: SearchQuery): Promise<Message[]> {
    if (query.roomIds.length === 0) return [];
    // The planner picks per query: for a common word, the primary key backwards, filtering rows until it has `limit`
    // (3 ms for a word in half of a million messages); for a rare one, the GIN index's matches, sorted (12 ms). Its
    // bad case is words that are each common but rarely together: the backward walk then reads far (1 s on a million
    // messages; docs/scaling.md). Reading every match first instead costs seconds for a common word, so it is not done.
    // No ts_rank: the caller ranks the window of recent matches, as it does for SQLite.
    return this.#c.read(async (db) => {
      const rows = await sql<Selectable<MessagesTable>>`select ${sql.raw(messageColumnsOf('m'))} from messages m
        where m.search @@ ${tsquery(query.terms)}::tsquery and m.room_id = any(${[...query.roomIds]}::int[])
        order by m.id desc limit ${query.limit}`.execute(db);
      // With their attachments, as history gives them (one query for the page).
      const messages = rows.rows.map(toMessage);
      return withAttachments(messages, await attachmentsOf(db, messages.filter((m) => !m.deleted).map((m) => m.id)));
    });
  }
}
