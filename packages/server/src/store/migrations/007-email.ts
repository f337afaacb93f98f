// Migration 7: e-mail. The address's verification and the missed-message preference per user, single-use link tokens,
// how far each member's missed-message e-mails have covered a room, and the outbox of mail to send.

import { sql, type Kysely, type Migration } from 'kysely';
import { autoId } from './dialect.js';

export const email: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // Accounts made before this migration have never proved their address: they start unverified like new ones.
    await db.schema.alterTable('users').addColumn('email_verified_at', 'bigint').execute();
    await db.schema
      .alterTable('users')
      .addColumn('email_notifications', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    // The highest seq of the room that a missed-message e-mail has covered (or decided not to, for a muted room):
    // written in the transaction that queues the e-mail, so a restart neither loses nor repeats one.
    await db.schema
      .alterTable('memberships')
      .addColumn('emailed_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    // Reset and verification links: only a keyed hash of the token is kept, so a copy of the database opens nothing.
    await db.schema
      .createTable('email_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('verify', 'reset')`))
      // The address the link was sent to: verifying proves that address, not whichever the account has later.
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('email_tokens_user').on('email_tokens').columns(['user_id', 'purpose']).execute();

    await db.schema
      .createTable('email_outbox')
      .addColumn('id', ...autoId(db))
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('verify', 'reset', 'digest')`))
      .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('to_address', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      // The rendered mail; cleared once it is sent or given up on, since a reset mail's body holds a live link.
      .addColumn('text_body', 'text')
      .addColumn('html_body', 'text')
      // Extra headers as a JSON object (List-Unsubscribe and List-Unsubscribe-Post for missed-message mail).
      .addColumn('headers', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'sent', 'failed')`))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('finished_at', 'bigint')
      .execute();
    await sql`create index email_outbox_due on email_outbox (next_attempt_at) where status = 'pending'`.execute(db);
    await db.schema.createIndex('email_outbox_finished').on('email_outbox').column('finished_at').execute();
  },
};
