// Start-up checks on the filesystem: the database's folder and the static folder, made before anything is created.

import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { IChatError } from '@ichat/protocol';
import { OPTIONS } from './config.js';
import { sqlitePath } from './store/database-url.js';

function refuse(key: keyof typeof OPTIONS, what: string): never {
  const spec = OPTIONS[key];
  throw new IChatError('validation_failed', `--${spec.flag} / ${spec.env} ${what}`, { field: key });
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses a database the server could not create or write: the file is a folder or read-only, or its folder cannot
 * be made (a file stands in its way) or written (the log, the shared-memory file and secret.key go beside the
 * database). Only looks: nothing is created, so a refused start leaves the disk as it was.
 *
 * @throws {IChatError} `validation_failed` naming `--database / DATABASE_URL`.
 */
export function checkDatabaseLocation(url: string): void {
  const path = sqlitePath(url);
  if (path === ':memory:') return;
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) refuse('database', `names ${path}, which is a folder; name the database file in it`);
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
    } catch {
      refuse('database', `names ${path}, which this process cannot read and write`);
    }
  }
  const folder = dirname(path);
  // The nearest folder that exists is the one the missing ones would be created in.
  let existing = folder;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  if (!statSync(existing).isDirectory()) refuse('database', `needs the folder ${folder}, which cannot be created: ${existing} is a file`);
  if (!writable(existing)) {
    refuse(
      'database',
      existing === folder
        ? `is in ${folder}, which this process cannot write`
        : `needs the folder ${folder}, which cannot be created: ${existing} is not writable`,
    );
  }
}

/**
 * Refuses a configured static folder that does not exist or has no index.html (the page served at /). The default,
 * unset, serves the built widget when there is one and nothing otherwise.
 *
 * @throws {IChatError} `validation_failed` naming `--static-dir / ICHAT_STATIC_DIR`.
 */
export function checkStaticDir(dir: string): void {
  if (dir === '') return;
  const folder = resolve(dir);
  if (!existsSync(folder)) refuse('staticDir', `names ${folder}, which does not exist`);
  if (!statSync(folder).isDirectory()) refuse('staticDir', `names ${folder}, which is not a folder`);
  if (!existsSync(join(folder, 'index.html'))) refuse('staticDir', `names ${folder}, which has no index.html`);
}
