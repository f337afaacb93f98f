// Message search over SQLite FTS5: the index is kept by triggers (migration 009); this file only reads it.

import type { SearchTerms } from '@ichat/protocol';
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { SearchPage, SearchQuery, SearchStore } from '../contract/search-store.js';
import type { SqliteConnection } from './connection.js';
import { toMessage } from './message-row.js';
import type { MessagesTable } from './schema.js';

/** How many of the most recent matches are ranked: enough for any page a reader scrolls to, bounded in cost. */
export const SEARCH_WINDOW = 500;

/**
 * Up to this many rooms are named in the match expression itself (`room : (r1 OR r2 …)`), which FTS5 answers by
 * intersecting short lists; a reader in more rooms has their rooms checked by a join, which stops as soon as the window
 * is full because matches are read newest first.
 */
const ROOMS_IN_MATCH = 256;

type Row = Selectable<MessagesTable> & { score: number };

/** The FTS5 expression for the words: each quoted (they hold only letters and digits), the last maybe as a prefix. */
function matchText({ words, prefixLast }: SearchTerms): string {
  return words.map((word, index) => `"${word}"${prefixLast && index === words.length - 1 ? '*' : ''}`).join(' ');
}

export class SqliteSearchStore implements SearchStore {
  readonly #statements: () => { inMatch: BetterSqlite3.Statement<[string, number], Row>; joined: BetterSqlite3.Statement<[string, string, number], Row> };

  constructor(connection: SqliteConnection) {
    // Plain SQL: FTS5's MATCH and bm25() have no place in the query builder. bm25 weighs the text only (0 for `room`).
    this.#statements = connection.preparedOnFirstUse((raw) => ({
      inMatch: raw.prepare(
        `select m.*, bm25(messages_fts, 1.0, 0.0) as score from messages_fts f join messages m on m.id = f.rowid
         where messages_fts match ? order by f.rowid desc limit ?`,
      ),
      joined: raw.prepare(
        `select m.*, bm25(messages_fts, 1.0, 0.0) as score from messages_fts f join messages m on m.id = f.rowid
         where messages_fts match ? and m.room_id in (select value from json_each(?)) order by f.rowid desc limit ?`,
      ),
    }));
  }

  search(query: SearchQuery): Promise<SearchPage> {
    if (query.roomIds.length === 0) return Promise.resolve({ messages: [], hasMore: false });
    const { inMatch, joined } = this.#statements();
    const text = `text : (${matchText(query.terms)})`;
    const rows =
      query.roomIds.length <= ROOMS_IN_MATCH
        ? inMatch.all(`${text} AND room : (${query.roomIds.map((id) => `r${id}`).join(' OR ')})`, SEARCH_WINDOW)
        : joined.all(text, JSON.stringify(query.roomIds), SEARCH_WINDOW);
    // bm25 is lower for better matches; rows came newest first, and the sort is stable, so newer wins a tie.
    rows.sort((a, b) => a.score - b.score);
    const page = rows.slice(query.offset, query.offset + query.limit);
    return Promise.resolve({ messages: page.map(toMessage), hasMore: rows.length > query.offset + query.limit });
  }
}
