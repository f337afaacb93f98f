// Migration 3: a profile `data` object for every user (display name and avatar came with migration 2).

import type { Kysely, Migration } from 'kysely';

export const profiles: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // JSON text, null until first set: existing rows need no value, and readers treat null as {}.
    await db.schema.alterTable('users').addColumn('profile_data', 'text').execute();
  },
};
