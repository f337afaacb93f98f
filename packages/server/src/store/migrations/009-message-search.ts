// Migration 9: full-text search over messages (SQLite FTS5, PostgreSQL tsvector), kept in step with the messages
// table in the transaction that changes the message: by triggers on SQLite, by the store's own statements on PostgreSQL.

import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from './dialect.js';

export const messageSearch: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    if (dialectOf(db) === 'postgres') return postgresSearch(db);
    // Contentless: the text lives once, in messages; the index keeps only what matching and ranking need. `room` holds
    // one word per message ("r<roomId>"), so a search can be limited to the reader's rooms inside the index itself,
    // intersecting short lists instead of joining every match with its message. unicode61 with diacritics removed
    // folds words as the protocol's `foldWord` does; the 3-letter prefix index serves the last word typed.
    await sql`create virtual table messages_fts using fts5(
      text, room,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '3'
    )`.execute(db);
    await sql`create trigger messages_fts_insert after insert on messages when new.deleted_at is null begin
      insert into messages_fts (rowid, text, room) values (new.id, new.text, 'r' || new.room_id);
    end`.execute(db);
    await sql`create trigger messages_fts_update after update of text, deleted_at on messages begin
      delete from messages_fts where rowid = old.id;
      insert into messages_fts (rowid, text, room) select new.id, new.text, 'r' || new.room_id where new.deleted_at is null;
    end`.execute(db);
    await sql`create trigger messages_fts_delete after delete on messages begin
      delete from messages_fts where rowid = old.id;
    end`.execute(db);
    await sql`insert into messages_fts (rowid, text, room) select id, text, 'r' || room_id from messages where deleted_at is null`.execute(db);
  },
};

/**
 * PostgreSQL: each message's words, folded by the protocol's own `foldWord` and written as lexemes by the store in the
 * statement that writes the text (see postgres/search-words.ts), in a tsvector column with a GIN index. Not a
 * generated column over to_tsvector: accents can only be removed in SQL with the unaccent extension, whose function is
 * not immutable (a generated column refuses it) and which a hosted database may not offer. Nothing to backfill: a
 * PostgreSQL database gets all these migrations while still empty (a copy from SQLite must write the column itself).
 */
async function postgresSearch(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('search', sql`tsvector`, (column) => column.notNull().defaultTo(sql`''::tsvector`)).execute();
  await sql`create index messages_search on messages using gin (search)`.execute(db);
}
