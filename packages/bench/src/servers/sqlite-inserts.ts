// Raw better-sqlite3 inserts per transaction size, made durable the way iChat's store does it: the commit writes the
// log, then the log is fsynced on libuv's thread pool before the write counts as done. What the store could reach at
// most (inserts per second) and the least CPU any server storing each message this way spends on it (process CPU per
// message, the fsync's thread included): the floor under iChat's figures at the same number of messages per commit.

import { closeSync, fdatasync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { RawInserts } from '../scenarios/s5-persistence.js';

/** Commits per transaction size at most: enough for a steady figure, few enough that small sizes finish quickly. */
const MAX_COMMITS = 2000;

const [totalArg, ...sizeArgs] = process.argv.slice(2);
const total = Number(totalArg ?? 20_000);
const sizes = sizeArgs.length > 0 ? sizeArgs.map(Number) : [1, 2, 5, 10, 100, 1000];
const folder = mkdtempSync(join(tmpdir(), 'ichat-bench-sqlite-'));
const results: RawInserts['results'] = [];

const flushed = (descriptor: number): Promise<void> =>
  new Promise((resolve, reject) => fdatasync(descriptor, (error) => (error === null ? resolve() : reject(error))));

try {
  for (const batch of sizes) {
    const file = join(folder, `batch-${batch}.db`);
    const db = new BetterSqlite3(file);
    // iChat's pragmas: commits write the log without an fsync, the log is then fsynced before the write counts as
    // done, and checkpoints are left to a thread of their own (so none happen on this connection in this run).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 16384');
    db.exec(
      'create table messages (id integer primary key, room_id integer not null, seq integer not null, ' +
        'sender_id integer not null, text text not null, client_msg_id text, created_at integer not null, ' +
        'unique (room_id, seq))',
    );
    const insert = db.prepare(
      'insert into messages (room_id, seq, sender_id, text, client_msg_id, created_at) values (?, ?, ?, ?, ?, ?)',
    );
    const text = 'x'.repeat(120);
    const write = db.transaction((from: number, count: number) => {
      for (let i = from; i < from + count; i++) insert.run(i % 200, i, 1, text, `c${i}`, Date.now());
    });
    // The log exists once something was written; that first write is not counted.
    write(-1, 1);
    const log = openSync(`${file}-wal`, 'r+');
    const count = Math.min(total, batch * MAX_COMMITS);
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (let done = 0; done < count; done += batch) {
      write(done, Math.min(batch, count - done));
      await flushed(log);
    }
    const used = process.cpuUsage(cpu);
    const seconds = (performance.now() - started) / 1000;
    results.push({
      batch,
      messagesPerSecond: Math.round(count / seconds),
      cpuMicrosPerMessage: Math.round((used.user + used.system) / count),
    });
    closeSync(log);
    db.close();
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify({ results })}\n`);
