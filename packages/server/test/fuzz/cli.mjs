// `pnpm fuzz --minutes N [--seed S]`: runs the WebSocket fuzzer (ws-fuzz.test.ts) for N minutes and prints its figures.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

// pnpm passes the `--` that separates its own options from the script's; it is not ours to read.
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const { values } = parseArgs({ args, options: { minutes: { type: 'string', default: '5' }, seed: { type: 'string' } } });
const minutes = Number(values.minutes);
if (!Number.isFinite(minutes) || minutes <= 0) {
  console.error('Usage: pnpm fuzz --minutes N [--seed S]  (N > 0; S an integer, drawn at random when left out)');
  process.exit(2);
}
if (values.seed !== undefined && !/^\d+$/.test(values.seed)) {
  console.error('--seed must be a non-negative integer');
  process.exit(2);
}

// The fuzzer needs a real server and the test kit, which run under Vitest; the figures are printed by the test.
const result = spawnSync('pnpm', ['exec', 'vitest', 'run', 'test/fuzz/ws-fuzz.test.ts', '--reporter=default'], {
  cwd: fileURLToPath(new URL('../..', import.meta.url)),
  stdio: 'inherit',
  env: { ...process.env, FUZZ_MINUTES: String(minutes), ...(values.seed === undefined ? {} : { FUZZ_SEED: values.seed }) },
});
process.exit(result.status ?? 1);
