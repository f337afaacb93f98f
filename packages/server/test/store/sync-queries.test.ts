// SQLite transactions as the stores use them: one wrapper runs every write's work.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncQueries } from '../../src/store/sqlite/sync-queries.js';

const open: BetterSqlite3.Database[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const raw of open.splice(0)) raw.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function table(path = ':memory:'): { raw: BetterSqlite3.Database; q: SyncQueries; insert: (value: string) => void; values: () => string[] } {
  const raw = new BetterSqlite3(path);
  open.push(raw);
  raw.exec('create table t (value text not null)');
  const insert = raw.prepare('insert into t (value) values (?)');
  const select = raw.prepare('select value from t order by rowid').pluck();
  return { raw, q: new SyncQueries(raw), insert: (value) => void insert.run(value), values: () => select.all() as string[] };
}

describe('SyncQueries.transaction', () => {
  it("returns each work's own result, committed, call after call", () => {
    const { q, insert, values } = table();
    expect(q.transaction(() => (insert('a'), 1))).toBe(1);
    expect(q.transaction(() => (insert('b'), 'two'))).toBe('two');
    expect(values()).toEqual(['a', 'b']);
  });

  it('rolls the whole work back when it throws, and the next transaction starts clean', () => {
    const { raw, q, insert, values } = table();
    expect(() =>
      q.transaction(() => {
        insert('lost');
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(raw.inTransaction).toBe(false);
    q.transaction(() => insert('kept'));
    expect(values()).toEqual(['kept']);
  });

  it('makes a nested call a savepoint: its failure undoes only its own part', () => {
    const { q, insert, values } = table();
    q.transaction(() => {
      insert('outer');
      expect(() =>
        q.transaction(() => {
          insert('inner');
          throw new Error('inner failed');
        }),
      ).toThrow('inner failed');
      insert('after');
    });
    expect(values()).toEqual(['outer', 'after']);
  });

  it('takes the write lock up front, even for work that only reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ichat-sync-queries-'));
    dirs.push(dir);
    const path = join(dir, 'db.sqlite');
    const { q, values } = table(path);
    const other = new BetterSqlite3(path, { timeout: 0 });
    open.push(other);
    q.transaction(() => {
      values();
      expect(() => other.exec('begin immediate')).toThrow(/locked|busy/i);
    });
  });
});
