// The ordered list of migrations, for SQLite and PostgreSQL alike; names sort in the order they must run.
//
// Adding one: a file `0NN-name.ts` exporting a Migration, listed below. Write it with Kysely's schema builder, which
// speaks both dialects; `autoId(db)` for an auto-numbered key; where the dialects differ (a table rebuild SQLite needs,
// an index type only PostgreSQL has), branch on `dialectOf(db)` inside `up`. Both store suites run every migration
// (test/store/sqlite-store.test.ts and postgres-store.test.ts), so a migration that breaks one dialect fails there.

import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './001-initial.js';
import { hostIdentities } from './002-host-identities.js';
import { profiles } from './003-profiles.js';
import { serverApi } from './004-server-api.js';
import { webhooks } from './005-webhooks.js';
import { roomMute } from './006-room-mute.js';
import { email } from './007-email.js';
import { moderation } from './008-moderation.js';
import { messageSearch } from './009-message-search.js';
import { richMessaging } from './010-rich-messaging.js';
import { attachments } from './011-attachments.js';
import { repliesReactions } from './012-replies-reactions.js';
import { mentions } from './013-mentions.js';
import { changeIndex } from './014-change-index.js';
import { deferredSearch } from './015-deferred-search.js';

const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-host-identities': hostIdentities,
  '003-profiles': profiles,
  '004-server-api': serverApi,
  '005-webhooks': webhooks,
  '006-room-mute': roomMute,
  '007-email': email,
  '008-moderation': moderation,
  '009-message-search': messageSearch,
  '010-rich-messaging': richMessaging,
  '011-attachments': attachments,
  '012-replies-reactions': repliesReactions,
  '013-mentions': mentions,
  '014-change-index': changeIndex,
  '015-deferred-search': deferredSearch,
};

/** Serves the migrations compiled into the server, so no migration files are read from disk at run time. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};

/** Every migration this server knows, in the order they run: the last one is the newest schema it can serve. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();
