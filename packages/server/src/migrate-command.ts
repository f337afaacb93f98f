// `ichat-server migrate --to postgres://…`: copies the configured SQLite database into PostgreSQL and verifies the
// copy; `--verify` compares an earlier copy again without copying.

import { IChatError } from '@ichat/protocol';
import { copyDatabase } from './store/copy/copy-database.js';
import { PostgresTarget } from './store/copy/postgres-target.js';
import type { ProgressOutput } from './store/copy/progress-display.js';
import { SqliteSource } from './store/copy/sqlite-source.js';
import { verifyCopy } from './store/copy/verify-copy.js';

const USAGE = 'Usage: ichat-server migrate --to postgres://user:password@host:5432/database [--verify]';

export interface MigrateOptions {
  /** The PostgreSQL URL to copy into. */
  readonly to: string | undefined;
  /** Only compare the source with an earlier copy. */
  readonly verifyOnly: boolean;
}

/**
 * Copies (unless `verifyOnly`) and verifies, writing progress to `output`. Resolves true when the copy matches its
 * source, false (after writing the first difference to `fail`) when it does not.
 *
 * @throws {IChatError} `bad_request` for a wrong usage; `validation_failed` for a source or target it cannot use.
 */
export async function migrateCommand(databaseUrl: string, options: MigrateOptions, output: ProgressOutput, fail: (line: string) => void): Promise<boolean> {
  if (options.to === undefined || options.to === '') throw new IChatError('bad_request', USAGE);
  const source = SqliteSource.open(databaseUrl);
  try {
    const target = await PostgresTarget.open(options.to);
    try {
      if (!options.verifyOnly) {
        output.write(`Copying ${source.path} into ${target.name}\n`);
        const start = await copyDatabase(source, target, output);
        if (start === 'continued') output.write('Continued an interrupted copy of the same database\n');
      }
      const verification = await verifyCopy(source, target);
      if (!verification.ok) {
        fail(`verify: the copy differs from ${source.path}: ${verification.mismatch}`);
        return false;
      }
      if (!options.verifyOnly) await target.finishCopy();
      output.write(`verify: OK, ${verification.rows.toLocaleString('en-US')} rows in every table match ${source.path}\n`);
      return true;
    } finally {
      await target.close();
    }
  } finally {
    source.close();
  }
}
