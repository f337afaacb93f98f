// Where uploaded files are kept: the configured folder, else `attachments/` beside the database.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isPostgresUrl, sqlitePath } from '../store/database-url.js';

/**
 * The attachments folder for these settings. Beside the database by default, so the data directory holds everything
 * to back up; an in-memory database gets a fresh temporary folder, gone as its data is. A PostgreSQL database has no
 * folder of its own (its URL is no path, and names the password), so its default is `attachments/` in the working
 * directory; nodes of a cluster are given one shared folder with the setting.
 */
export function attachmentsDirOf(config: { attachmentsDir: string; database: string }): string {
  if (config.attachmentsDir !== '') return config.attachmentsDir;
  if (isPostgresUrl(config.database)) return resolve('attachments');
  const database = sqlitePath(config.database);
  if (database === ':memory:') return mkdtempSync(join(tmpdir(), 'ichat-attachments-'));
  return join(dirname(database), 'attachments');
}
