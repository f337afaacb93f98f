// Compares a copy with its source: every table's row count, then every row, column by column, in key order.

import { COPIED_TABLES } from './copied-tables.js';
import type { PostgresTarget } from './postgres-target.js';
import type { Row, SqliteSource } from './sqlite-source.js';

const PAGE_ROWS = 5_000;

/** The outcome: the rows compared, or the first difference found, in words. */
export type Verification = { readonly ok: true; readonly rows: number } | { readonly ok: false; readonly mismatch: string };

/** A value as both drivers give it back, for comparison: integers and text alike, null apart from 'null'. */
function comparable(value: unknown): string {
  if (value === null || value === undefined) return '\u0000null';
  if (typeof value === 'string') return `s${value}`;
  // Integers are all the other columns hold (better-sqlite3 and pg both give them as numbers); anything else is shown
  // as JSON so that two different values never compare equal.
  return typeof value === 'number' || typeof value === 'bigint' ? `n${value}` : `j${JSON.stringify(value) ?? ''}`;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function keyOf(row: Row, key: readonly { column: string }[]): string {
  return key.map((part) => `${part.column}=${shown(row[part.column])}`).join(', ');
}

/**
 * Compares every copied table: counts first (the cheap, likely difference), then each row's columns in key order,
 * paging through PostgreSQL while SQLite streams. Stops at the first difference.
 */
export async function verifyCopy(source: SqliteSource, target: PostgresTarget): Promise<Verification> {
  let rows = 0;
  for (const table of COPIED_TABLES) {
    const [expected, actual] = [source.count(table.name), await target.count(table.name)];
    if (expected !== actual) return { ok: false, mismatch: `${table.name}: ${expected} rows in SQLite, ${actual} in PostgreSQL` };
    rows += expected;
  }
  for (const table of COPIED_TABLES) {
    const columns = source.columns(table.name);
    let page: Row[] = [];
    let index = 0;
    let last: Row | undefined;
    for (const sourceRow of source.ordered(table, columns)) {
      if (index === page.length) {
        page = await target.page(table, columns, last, PAGE_ROWS);
        index = 0;
      }
      const targetRow = page[index++];
      if (targetRow === undefined) return { ok: false, mismatch: `${table.name}: row ${keyOf(sourceRow, table.key)} is missing in PostgreSQL` };
      for (const column of columns) {
        if (comparable(sourceRow[column]) !== comparable(targetRow[column])) {
          return {
            ok: false,
            mismatch:
              `${table.name}: row ${keyOf(sourceRow, table.key)} differs in ${column} ` +
              `(SQLite ${shown(sourceRow[column])}, PostgreSQL ${keyOf(targetRow, table.key) === keyOf(sourceRow, table.key) ? shown(targetRow[column]) : `row ${keyOf(targetRow, table.key)}`})`,
          };
        }
      }
      last = targetRow;
    }
  }
  return { ok: true, rows };
}
