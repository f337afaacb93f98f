// Where uploaded files are kept: the configured folder, else `attachments/` beside the database.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sqlitePath } from '../store/database-url.js';

/**
 * The attachments folder for these settings. Beside the database by default, so the data directory holds everything
 * to back up; an in-memory database gets a fresh temporary folder, gone as its data is.
 */
export function attachmentsDirOf(config: { attachmentsDir: string; database: string }): string {
  if (config.attachmentsDir !== '') return config.attachmentsDir;
  const database = sqlitePath(config.database);
  if (database === ':memory:') return mkdtempSync(join(tmpdir(), 'ichat-attachments-'));
  return join(dirname(database), 'attachments');
}
