import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerUser } from '@ichat/test-kit';
import BetterSqlite3 from 'better-sqlite3';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, startServer, type RunningServer } from '../../src/index.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

let dir: string;
let server: RunningServer;
let adminToken: string;
let userToken: string;
let db: BetterSqlite3.Database;

async function register(name: string): Promise<string> {
  return (await registerUser(server.url, name)).token;
}

interface StatsAnswer {
  status: number;
  totalBefore: number;
  buckets: { start: number; count: number; cumulative: number }[];
  code: string | undefined;
}

async function stats(series: string, query: string, token = adminToken): Promise<StatsAnswer> {
  const response = await fetch(`${server.url}/api/v1/admin/stats/${series}?${query}`, {
    headers: token === '' ? {} : { authorization: `Bearer ${token}` },
  });
  const body: unknown = await response.json();
  const read = (key: string): unknown => (typeof body === 'object' && body !== null ? Reflect.get(body, key) : undefined);
  const error = read('error');
  const code: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  const buckets = read('buckets');
  return {
    status: response.status,
    totalBefore: Number(read('totalBefore') ?? 0),
    buckets: Array.isArray(buckets)
      ? buckets.map((b: unknown) => ({
          start: Number(Reflect.get(Object(b), 'start')),
          count: Number(Reflect.get(Object(b), 'count')),
          cumulative: Number(Reflect.get(Object(b), 'cumulative')),
        }))
      : [],
    code: typeof code === 'string' ? code : undefined,
  };
}

/** Adds users created at the given instants, straight into the database (hashing is not what is under test). */
function addUsersAt(instants: number[]): void {
  const insert = db.prepare("insert into users (email, username, password_hash, created_at) values (?, ?, 'x', ?)");
  db.transaction(() => {
    for (const [i, at] of instants.entries()) insert.run(`gen${at}-${i}@example.com`, `gen${at}-${i}`, at);
  })();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ichat-stats-'));
  const database = join(dir, 'db.sqlite');
  server = await startServer(loadConfig({ port: '0', database }, {}), pino({ level: 'silent' }));
  adminToken = await register('admin');
  userToken = await register('plain');
  db = new BetterSqlite3(database);
  db.prepare("update users set is_admin = 1 where email = 'admin@example.com'").run();
  // Registered accounts above carry today's time; the fixtures below live in early 2026.
  addUsersAt([T0 + 1000, T0 + DAY + 5, T0 + DAY + 6, T0 + 3 * DAY + 1]);
});

afterAll(async () => {
  db.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/v1/admin/stats/registrations', () => {
  it('answers 401 without a token and 403 forbidden to a non-administrator', async () => {
    expect((await stats('registrations', '', '')).status).toBe(401);
    const refused = await stats('registrations', '', userToken);
    expect(refused.status).toBe(403);
    expect(refused.code).toBe('forbidden');
  });

  it('counts per day with empty days filled with 0 and a running total', async () => {
    const answer = await stats('registrations', 'bucket=day&from=2026-01-01&to=2026-01-05&tz=UTC');
    expect(answer.status).toBe(200);
    expect(answer.buckets.map((b) => b.count)).toEqual([1, 2, 0, 1]);
    expect(answer.buckets.map((b) => b.cumulative)).toEqual([1, 3, 3, 4]);
    expect(answer.totalBefore).toBe(0);
  });

  it('carries the total before the range into cumulative when the range starts after the first user', async () => {
    const answer = await stats('registrations', 'bucket=day&from=2026-01-02&to=2026-01-04&tz=UTC');
    expect(answer.totalBefore).toBe(1);
    expect(answer.buckets.map((b) => b.cumulative)).toEqual([3, 3]);
  });

  it("buckets by the admin's day in their time zone", async () => {
    // 00:00:01Z on Jan 1 is still Dec 31 in New York.
    const answer = await stats('registrations', 'bucket=day&from=2025-12-31&to=2026-01-02&tz=America/New_York');
    expect(answer.buckets.map((b) => b.count)).toEqual([1, 2]);
  });

  it('starts "all time" at the first registration', async () => {
    const answer = await stats('registrations', 'bucket=month&from=first&to=2026-02-01');
    expect(new Date(answer.buckets[0]!.start).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(answer.buckets.map((b) => b.count)).toEqual([4]);
  });

  it('refuses a bad bucket and a bad zone with validation_failed', async () => {
    expect((await stats('registrations', 'bucket=hour')).code).toBe('validation_failed');
    expect((await stats('registrations', 'tz=Nowhere/Land')).code).toBe('validation_failed');
  });
});

describe('messages and active-users series', () => {
  it('count messages per bucket and distinct active senders, with a running distinct total', async () => {
    const ids = db.prepare<[], { id: number }>("select id from users where username like 'gen%' order by id").all();
    const [a, b] = ids;
    if (a === undefined || b === undefined) throw new Error('fixture users missing');
    const room = db
      .prepare("insert into rooms (kind, name, owner_id, created_at, last_activity_at) values ('group', 'g', ?, ?, ?)")
      .run(a.id, T0, T0).lastInsertRowid;
    const insert = db.prepare(
      'insert into messages (room_id, seq, sender_id, text, created_at) values (?, ?, ?, ?, ?)',
    );
    const sends: [number, number][] = [
      [a.id, T0 + 10],
      [a.id, T0 + 20],
      [b.id, T0 + DAY + 10],
      [a.id, T0 + DAY + 20],
    ];
    sends.forEach(([sender, at], i) => insert.run(room, i + 1, sender, 'hi', at));

    const messages = await stats('messages', 'bucket=day&from=2026-01-01&to=2026-01-03');
    expect(messages.buckets.map((x) => x.count)).toEqual([2, 2]);
    expect(messages.buckets.map((x) => x.cumulative)).toEqual([2, 4]);

    const active = await stats('active-users', 'bucket=day&from=2026-01-01&to=2026-01-03');
    expect(active.buckets.map((x) => x.count)).toEqual([1, 2]);
    expect(active.buckets.map((x) => x.cumulative)).toEqual([1, 2]);
  });
});

describe('a large population', () => {
  it('stays correct with 1,000,000 users spread over a year', async () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    // One user every ~31.5 s over 2024: generated in SQL so the fixture itself is quick.
    db.exec(`
      with recursive n(i) as (select 0 union all select i + 1 from n where i < 999999)
      insert into users (email, username, password_hash, created_at)
      select 'bulk' || i || '@example.com', 'bulk' || i, 'x', ${start} + i * 31536 from n
    `);
    const began = performance.now();
    const answer = await stats('registrations', 'bucket=week&from=2024-01-01&to=2025-01-01&tz=Europe/Paris');
    const elapsed = performance.now() - began;
    const total = answer.buckets.reduce((sum, b) => sum + b.count, 0);
    const expected = db
      .prepare<[number, number], { n: number }>('select count(*) as n from users where created_at >= ? and created_at < ?')
      .get(answer.buckets[0]!.start, answer.buckets[answer.buckets.length - 1]!.start + 7 * DAY)!.n;
    expect(total).toBe(expected);
    expect(answer.buckets.at(-1)!.cumulative).toBe(answer.totalBefore + total);
    console.info(`stats over 1,000,000 users, weekly for a year: ${elapsed.toFixed(0)} ms`);
  }, 120_000);
});
