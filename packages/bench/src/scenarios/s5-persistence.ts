// S5 persistence: raw better-sqlite3 inserts per transaction size (the store's ceiling, and the CPU floor of storing
// messages durably) against iChat end to end.

import { spawn } from 'node:child_process';
import { array, int, number, object, optional, parseWith, type Infer } from '@ichat/protocol';
import { pinnedCommand } from '../harness/cores.js';
import { serverScript } from '../load/relay-targets.js';
import type { SuiteContext } from './context.js';

/**
 * One transaction size: inserts per second, and process CPU per message with the fsync's thread included (absent in
 * results written before it was measured).
 */
const RawPointSchema = object({ batch: int(1), messagesPerSecond: number(0), cpuMicrosPerMessage: optional(number(0)) });

/** What the raw insert benchmark (servers/sqlite-inserts.ts) prints: one JSON line. */
export const RawInsertsSchema = object({ results: array(RawPointSchema) });
export type RawInserts = Infer<typeof RawInsertsSchema>;

export const S5ResultSchema = object({
  raw: array(RawPointSchema),
  /** iChat's persisted (committed and acked) messages/s: the best S3 step. */
  ichatPersistedPerSecond: number(0),
});
export type S5Result = Infer<typeof S5ResultSchema>;

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
      let parsed: RawInserts;
      try {
        parsed = parseWith(RawInsertsSchema, JSON.parse(out), 'internal');
      } catch (error) {
        return reject(new Error(`sqlite insert benchmark printed ${out.slice(0, 200)}: ${error instanceof Error ? error.message : String(error)}`));
      }
      for (const row of parsed.results) {
        ctx.log(`    batch ${row.batch}: ${row.messagesPerSecond} inserts/s, ${row.cpuMicrosPerMessage ?? '?'} µs of CPU per message`);
      }
      resolve({ raw: parsed.results, ichatPersistedPerSecond });
    });
  });
}
