// Migration 15 (SQLite): messages join the search index in batches behind the commit instead of one by one inside it.
//
// FTS5 writes a segment of its index per transaction, so a message indexed by an insert trigger cost about 80 µs of
// CPU in a commit of one message and 28 µs in a commit of five, against under 10 µs in batches of a hundred or more;
// at the rates a chat server runs, commits hold a few messages each, and the trigger was one of the largest costs of a
// send. From here on `search_progress.indexed_through` names the last message id the index has taken in: newer
// messages are indexed by the store's search indexer (sqlite/search-indexer.ts), on a timer and before every search,
// so a search still finds every committed message. Edits and deletions of messages already indexed keep their
// triggers; one not yet indexed is indexed later as it is by then. PostgreSQL writes each message's words in the
// statement that stores it and needs nothing here.

import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from './dialect.js';

export const deferredSearch: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    if (dialectOf(db) === 'postgres') return;
    await sql`create table search_progress (
      id integer primary key check (id = 1),
      indexed_through integer not null
    )`.execute(db);
    // Every message so far went through the insert trigger. Ids are never reused (AUTOINCREMENT), so every message
    // stored after this migration has a larger id than the largest stored before it.
    await sql`insert into search_progress (id, indexed_through) select 1, coalesce(max(id), 0) from messages`.execute(db);
    await sql`drop trigger messages_fts_insert`.execute(db);
    await sql`drop trigger messages_fts_update`.execute(db);
    await sql`drop trigger messages_fts_delete`.execute(db);
    await sql`create trigger messages_fts_update after update of text, deleted_at on messages
      when old.id <= (select indexed_through from search_progress) begin
      delete from messages_fts where rowid = old.id;
      insert into messages_fts (rowid, text, room) select new.id, new.text, 'r' || new.room_id where new.deleted_at is null;
    end`.execute(db);
    await sql`create trigger messages_fts_delete after delete on messages
      when old.id <= (select indexed_through from search_progress) begin
      delete from messages_fts where rowid = old.id;
    end`.execute(db);
  },
};
