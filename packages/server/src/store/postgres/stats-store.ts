// Statistics over PostgreSQL: one query per series, the buckets as arrays, each bucket a range scan on a created_at index.

import type { StatsSeries } from '@ichat/protocol';
import { sql } from 'kysely';
import type { BucketRange, SeriesCounts, StatsStore } from '../contract/stats-store.js';
import type { PostgresConnection } from './connection.js';

const TABLE: Record<StatsSeries, 'users' | 'messages'> = { registrations: 'users', messages: 'messages', 'active-users': 'messages' };

export class PostgresStatsStore implements StatsStore {
  readonly #c: PostgresConnection;

  constructor(connection: PostgresConnection) {
    this.#c = connection;
  }

  async firstAt(series: StatsSeries): Promise<number | undefined> {
    const rows = await this.#c.read((db) =>
      sql<{ first: number | null }>`select min(created_at) as first from ${sql.table(TABLE[series])}`.execute(db),
    );
    return rows.rows[0]?.first ?? undefined;
  }

  async series(series: StatsSeries, ranges: readonly BucketRange[]): Promise<SeriesCounts> {
    const first = ranges[0];
    const last = ranges[ranges.length - 1];
    if (first === undefined || last === undefined) return { counts: [], increments: [], before: 0 };
    const starts = ranges.map((range) => range.start);
    const ends = ranges.map((range) => range.end);
    // The buckets in order (`with ordinality` numbers them), each counted by a correlated range scan.
    const buckets = sql`unnest(${starts}::bigint[], ${ends}::bigint[]) with ordinality as b(s, e, i)`;
    if (series === 'active-users') {
      // "First seen" per sender within the range, materialised once, then counted per bucket like the others.
      const rows = await this.#c.read((db) =>
        sql<{ n: number; firsts: number }>`with f as materialized (
            select min(created_at) as first from messages where created_at >= ${first.start}::bigint and created_at < ${last.end}::bigint
            group by sender_id
          )
          select
            (select count(distinct sender_id) from messages where created_at >= b.s and created_at < b.e) as n,
            (select count(*) from f where f.first >= b.s and f.first < b.e) as firsts
          from ${buckets} order by b.i`.execute(db),
      );
      return { counts: rows.rows.map((row) => row.n), increments: rows.rows.map((row) => row.firsts), before: 0 };
    }
    const table = sql.table(TABLE[series]);
    const rows = await this.#c.read((db) =>
      sql<{ n: number }>`select (select count(*) from ${table} where created_at >= b.s and created_at < b.e) as n
        from ${buckets} order by b.i`.execute(db),
    );
    const before = await this.#c.read((db) =>
      sql<{ n: number }>`select count(*) as n from ${table} where created_at < ${first.start}::bigint`.execute(db),
    );
    const counts = rows.rows.map((row) => row.n);
    return { counts, increments: counts, before: before.rows[0]?.n ?? 0 };
  }
}
