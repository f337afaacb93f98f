// Statistics over SQLite: one query per series, each bucket a range scan on a created_at index.
//
// SQLite-specific: hand-written SQL on better-sqlite3 (a bucket table as a VALUES list with `?` placeholders, a
// materialized CTE); a PostgreSQL store writes its own (generate_series, say).

import type BetterSqlite3 from 'better-sqlite3';
import type { StatsSeries } from '@ichat/protocol';
import type { BucketRange, SeriesCounts, StatsStore } from '../contract/stats-store.js';

/** `(0, ?, ?), (1, ?, ?), …` and its parameters: the bucket table as a VALUES list. */
function bucketValues(ranges: readonly BucketRange[]): { sql: string; params: number[] } {
  const params: number[] = [];
  const rows = ranges.map((range, index) => {
    params.push(index, range.start, range.end);
    return '(?, ?, ?)';
  });
  return { sql: rows.join(', '), params };
}

const COUNT_IN_BUCKET: Record<Exclude<StatsSeries, 'active-users'>, string> = {
  registrations: 'select count(*) from users where created_at >= b.s and created_at < b.e',
  messages: 'select count(*) from messages where created_at >= b.s and created_at < b.e',
};

const COUNT_BEFORE: Record<Exclude<StatsSeries, 'active-users'>, string> = {
  registrations: 'select count(*) as n from users where created_at < ?',
  messages: 'select count(*) as n from messages where created_at < ?',
};

export class SqliteStatsStore implements StatsStore {
  readonly #raw: BetterSqlite3.Database;

  constructor(raw: BetterSqlite3.Database) {
    this.#raw = raw;
  }

  firstAt(series: StatsSeries): Promise<number | undefined> {
    const table = series === 'registrations' ? 'users' : 'messages';
    const row = this.#raw.prepare<[], { first: number | null }>(`select min(created_at) as first from ${table}`).get();
    return Promise.resolve(row?.first ?? undefined);
  }

  series(series: StatsSeries, ranges: readonly BucketRange[]): Promise<SeriesCounts> {
    const first = ranges[0];
    const last = ranges[ranges.length - 1];
    if (first === undefined || last === undefined) return Promise.resolve({ counts: [], increments: [], before: 0 });
    const values = bucketValues(ranges);
    if (series === 'active-users') {
      // "First seen" per sender within the range, materialised once, then counted per bucket like the others.
      const rows = this.#raw
        .prepare<number[], { n: number; firsts: number }>(
          `with b(i, s, e) as (values ${values.sql}),
           f as materialized (
             select min(created_at) as first from messages where created_at >= ? and created_at < ? group by sender_id
           )
           select
             (select count(distinct sender_id) from messages where created_at >= b.s and created_at < b.e) as n,
             (select count(*) from f where f.first >= b.s and f.first < b.e) as firsts
           from b order by b.i`,
        )
        .all(...values.params, first.start, last.end);
      return Promise.resolve({ counts: rows.map((row) => row.n), increments: rows.map((row) => row.firsts), before: 0 });
    }
    const rows = this.#raw
      .prepare<number[], { n: number }>(
        `with b(i, s, e) as (values ${values.sql}) select (${COUNT_IN_BUCKET[series]}) as n from b order by b.i`,
      )
      .all(...values.params);
    const before = this.#raw.prepare<[number], { n: number }>(COUNT_BEFORE[series]).get(first.start)?.n ?? 0;
    const counts = rows.map((row) => row.n);
    return Promise.resolve({ counts, increments: counts, before });
  }
}
