// Migration 14: the change-seq index holds changed messages only. A message is stored with change seq 0 and most are
// never edited or deleted, so the full index of migration 10 took one more B-tree insert (and its pages in the log)
// on every append for entries no query reads: "what changed after N" asks for change seqs above N ≥ 0.

import type { Kysely, Migration } from 'kysely';

export const changeIndex: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('messages_room_change').execute();
    await db.schema
      .createIndex('messages_room_change')
      .on('messages')
      .columns(['room_id', 'change_seq'])
      .where('change_seq', '>', 0)
      .execute();
  },
};
