// Raw better-sqlite3 insert rate per transaction size, made durable the way iChat's store does it: what the store
// could reach at most.

import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { RawInserts } from '../scenarios/s5-persistence.js';

const [totalArg, ...sizeArgs] = process.argv.slice(2);
const total = Number(totalArg ?? 20_000);
const sizes = sizeArgs.length > 0 ? sizeArgs.map(Number) : [1, 10, 100, 1000];
const folder = mkdtempSync(join(tmpdir(), 'ichat-bench-sqlite-'));
const results: RawInserts['results'] = [];
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
    const log = openSync(`${file}-wal`, 'r+');
    // A single-message transaction pays an fsync each; fewer of them keep that size's run short.
    const count = batch === 1 ? Math.min(Math.ceil(total / 10), 2000) : total;
    const started = performance.now();
    for (let done = 0; done < count; done += batch) {
      write(done, Math.min(batch, count - done));
      fdatasyncSync(log);
    }
    const seconds = (performance.now() - started) / 1000;
    results.push({ batch, messagesPerSecond: Math.round(count / seconds) });
    closeSync(log);
    db.close();
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify({ results })}\n`);
