// S5 persistence: raw better-sqlite3 inserts per transaction size (the store's ceiling) against iChat end to end.

import { spawn } from 'node:child_process';
import { pinnedCommand } from '../harness/cores.js';
import { serverScript } from '../load/relay-targets.js';
import type { SuiteContext } from './context.js';

export interface S5Result {
  raw: { batch: number; messagesPerSecond: number }[];
  /** iChat's persisted (committed and acked) messages/s: the best S3 step. */
  ichatPersistedPerSecond: number;
}

/** Runs the raw insert benchmark as its own process on the server core, where iChat's store runs. */
export function runS5(ctx: SuiteContext, ichatPersistedPerSecond: number): Promise<S5Result> {
  ctx.log('  S5 raw better-sqlite3');
  const { inserts, batches } = ctx.settings.s5;
  const [command, args] = pinnedCommand(ctx.plan, ctx.plan.serverCore, process.execPath, [
    serverScript('sqlite-inserts'),
    String(inserts),
    ...batches.map(String),
  ]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: ctx.workdir });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`sqlite insert benchmark failed: ${err.slice(-500)}`));
      const parsed = JSON.parse(out) as { results: S5Result['raw'] };
      for (const row of parsed.results) ctx.log(`    batch ${row.batch}: ${row.messagesPerSecond} inserts/s`);
      resolve({ raw: parsed.results, ichatPersistedPerSecond });
    });
  });
}
