// Copies a SQLite database into PostgreSQL table by table, in batches, continuing an interrupted copy of the same file.

import { IChatError } from '@ichat/protocol';
import { COPIED_TABLES } from './copied-tables.js';
import type { PostgresTarget } from './postgres-target.js';
import { ProgressDisplay, type ProgressOutput } from './progress-display.js';
import type { SqliteSource } from './sqlite-source.js';

/** Rows per transaction: small enough to lose little to an interruption, large enough that commits cost little. */
export const BATCH_ROWS = 5_000;

/** How a copy began: afresh, or continuing one that stopped. */
export type CopyStart = 'new' | 'continued';

/**
 * The columns of a table to copy: SQLite's, each of which the target must have too (both were made by the same
 * migrations, so a difference means the target's schema is not this server's).
 */
async function copiedColumns(source: SqliteSource, target: PostgresTarget, table: string): Promise<string[]> {
  const columns = source.columns(table);
  const present = new Set(await target.columns(table));
  const missing = columns.filter((column) => !present.has(column));
  if (missing.length > 0) {
    throw new IChatError('validation_failed', `--to names ${target.name}, whose table ${table} has no column ${missing.join(', ')}`, { field: 'to' });
  }
  return columns;
}

/**
 * Copies every table of `source` into `target`, keeping ids, then moves the identity sequences past them. A target
 * that holds an unfinished copy of the same file continues after the last batch it committed; any other target
 * with rows is refused.
 *
 * @throws {IChatError} `validation_failed` naming `--to` for a target that holds other data.
 */
export async function copyDatabase(source: SqliteSource, target: PostgresTarget, output: ProgressOutput): Promise<CopyStart> {
  const unfinished = await target.unfinishedCopy();
  if (unfinished !== undefined && unfinished.source !== source.path) {
    throw new IChatError('validation_failed', `--to names ${target.name}, which holds an unfinished copy of ${unfinished.source}, not of ${source.path}: copy into an empty database`, { field: 'to' });
  }
  if (unfinished === undefined) {
    const filled = await target.firstTableWithRows(COPIED_TABLES);
    if (filled !== undefined) {
      throw new IChatError('validation_failed', `--to names ${target.name}, which already holds data (table ${filled} has rows): copy into an empty database`, { field: 'to' });
    }
    await target.startCopy(source.path, COPIED_TABLES);
  }
  const progress = unfinished?.progress ?? new Map<string, number>();
  const total = COPIED_TABLES.reduce((sum, table) => sum + source.count(table.name), 0);
  const done = COPIED_TABLES.reduce((sum, table) => sum + source.count(table.name, progress.get(table.name) ?? 0), 0);
  const display = new ProgressDisplay(output, total, done);
  for (const table of COPIED_TABLES) {
    const columns = await copiedColumns(source, target, table.name);
    let after = progress.get(table.name) ?? 0;
    for (;;) {
      const batch = source.batch(table.name, columns, after, BATCH_ROWS);
      if (batch.rows.length === 0) break;
      await target.insertBatch(table.name, columns, batch.rows, batch.lastRowid);
      display.advance(table.name, batch.rows.length);
      after = batch.lastRowid;
    }
    if (table.identity) await target.advanceIdentity(table.name, source.highestId(table.name));
  }
  display.finish();
  return unfinished === undefined ? 'new' : 'continued';
}
