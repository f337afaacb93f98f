// Migration 2: profile fields every user may have, and the host site's users, keyed by (issuer, subject).

import type { Kysely, Migration } from 'kysely';

export const hostIdentities: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // Nullable, so existing rows need no value; a host site's sign-in token sets them, a profile page may later.
    await db.schema.alterTable('users').addColumn('display_name', 'text').execute();
    await db.schema.alterTable('users').addColumn('avatar_url', 'text').execute();

    // A table of its own rather than columns on users: a user has at most one link, and the primary key makes
    // (issuer, subject) unique without touching the users table's e-mail and username rules.
    await db.schema
      .createTable('host_identities')
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull().unique().references('users.id').onDelete('cascade'))
      // The e-mail of the last token, shown to the user but never used to find or merge accounts.
      .addColumn('email', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('host_identities_pk', ['issuer', 'subject'])
      .execute();
  },
};
