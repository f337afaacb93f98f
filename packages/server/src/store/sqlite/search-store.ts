// Message search over SQLite FTS5: the index is filled by the search indexer (migration 015) and kept by triggers on
// edits and deletions; this file reads it, after letting the indexer catch up.

import type { Message, SearchTerms } from '@ichat/protocol';
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { SearchQuery, SearchStore } from '../contract/search-store.js';
import { withAttachments } from '../queries/attachment-queries.js';
import type { SqliteAttachmentStore } from './attachment-store.js';
import type { SqliteConnection } from './connection.js';
import type { SearchIndexer } from './search-indexer.js';
import { toMessage } from './message-row.js';
import type { MessagesTable } from './schema.js';

/**
 * Up to this many rooms are named in the match expression itself (`room : (r1 OR r2 …)`), which FTS5 answers by
 * intersecting short lists; a reader in more rooms has their rooms checked by a join. Either way matches are read
 * newest first, so the query stops as soon as it has `limit` of them.
 */
const ROOMS_IN_MATCH = 256;

/** The FTS5 expression for the words: each quoted (they hold only letters and digits), the last maybe as a prefix. */
function matchText({ words, prefixLast }: SearchTerms): string {
  return words.map((word, index) => `"${word}"${prefixLast && index === words.length - 1 ? '*' : ''}`).join(' ');
}

type Row = Selectable<MessagesTable>;

export class SqliteSearchStore implements SearchStore {
  readonly #statements: () => { inMatch: BetterSqlite3.Statement<[string, number], Row>; joined: BetterSqlite3.Statement<[string, string, number], Row> };

  readonly #attachments: SqliteAttachmentStore;
  readonly #indexer: SearchIndexer;

  constructor(connection: SqliteConnection, attachments: SqliteAttachmentStore, indexer: SearchIndexer) {
    this.#attachments = attachments;
    this.#indexer = indexer;
    // Plain SQL: FTS5's MATCH has no place in the query builder. No bm25() here: it reads the whole list of every
    // phrase of the expression, the rooms' too, to weigh them, which costs more than the search (measured 1.7 ms without,
    // 30 ms with, on a word in a quarter of a million messages); the caller ranks the window itself.
    this.#statements = connection.preparedOnFirstUse((raw) => ({
      inMatch: raw.prepare(
        'select m.* from messages_fts f join messages m on m.id = f.rowid where messages_fts match ? order by f.rowid desc limit ?',
      ),
      joined: raw.prepare(
        `select m.* from messages_fts f join messages m on m.id = f.rowid
         where messages_fts match ? and m.room_id in (select value from json_each(?)) order by f.rowid desc limit ?`,
      ),
    }));
  }

  recentMatches(query: SearchQuery): Promise<Message[]> {
    if (query.roomIds.length === 0) return Promise.resolve([]);
    // Messages stored since the indexer's last run are taken in first, so a search finds every committed message.
    this.#indexer.catchUp();
    const { inMatch, joined } = this.#statements();
    const text = `text : (${matchText(query.terms)})`;
    const rows =
      query.roomIds.length <= ROOMS_IN_MATCH
        ? inMatch.all(`${text} AND room : (${query.roomIds.map((id) => `r${id}`).join(' OR ')})`, query.limit)
        : joined.all(text, JSON.stringify(query.roomIds), query.limit);
    // With their attachments, as history gives them (one query for the page).
    const messages = rows.map(toMessage);
    return Promise.resolve(withAttachments(messages, this.#attachments.ofMessages(messages.filter((m) => !m.deleted).map((m) => m.id))));
  }
}
