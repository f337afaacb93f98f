// Migration 10: rich messaging. A per-room change seq that every edit and deletion advances, so a client can ask for
// the changes it missed; whether each user shares read receipts.

import { sql, type Kysely, type Migration } from 'kysely';

export const richMessaging: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // The room's counter, and on each message the counter's value at its latest change (0 while never changed): one
    // index scan answers "what changed after N". Existing edits and deletions predate the counter and stay at 0: a
    // client that loads history after the upgrade sees them as they are.
    await db.schema
      .alterTable('rooms')
      .addColumn('change_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('messages')
      .addColumn('change_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('messages_room_change').on('messages').columns(['room_id', 'change_seq']).execute();
    // On the user, read with their markers: everyone shares until they turn it off.
    await db.schema
      .alterTable('users')
      .addColumn('share_receipts', 'integer', (c) => c.notNull().defaultTo(1).check(sql`share_receipts in (0, 1)`))
      .execute();
  },
};
