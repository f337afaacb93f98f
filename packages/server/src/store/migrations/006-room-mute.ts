// Migration 6: a member can mute a room, for themselves alone (no notifications from it).

import { sql, type Kysely, type Migration } from 'kysely';

export const roomMute: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // On the membership, not a table of its own: it is read with the marker in every chat view, and leaving the room
    // (the row's deletion) forgets it. Existing members start unmuted.
    await db.schema
      .alterTable('memberships')
      .addColumn('muted', 'integer', (c) => c.notNull().defaultTo(0).check(sql`muted in (0, 1)`))
      .execute();
  },
};
