// `pnpm bench [options]` (`--help` lists them, cli-arguments.ts reads them): runs the suite (a quick run leaves out
// S7, the cluster, unless named), prints the comparison, writes the results and charts, and exits non-zero on any lost,
// duplicated or reordered delivery. `pnpm bench --soak --minutes N` runs the soak against iChat instead, and exits
// non-zero when its verdict is a fail. An option it cannot take exits 2 with one line and the usage.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseWith } from '@ichat/protocol';
import { readArguments, SCENARIOS, UsageError, USAGE, type Scenario } from './cli-arguments.js';
import { planCores, pinSelf } from './harness/cores.js';
import { killAllServers } from './harness/server-process.js';
import { SERVER_NAMES, type ServerName } from './load/target.js';
import { cpuChart, deliveriesChart, latencyChart } from './report/charts.js';
import { computeRatios, describeMachine, packageVersions, RunResultsSchema, type RunResults } from './report/results.js';
import { comparisonRows, formatTable, markdownTable, ratioRows } from './report/table.js';
import { SuiteContext } from './scenarios/context.js';
import { runS1 } from './scenarios/s1-fanout.js';
import { runS3 } from './scenarios/s3-direct.js';
import { runS4 } from './scenarios/s4-connections.js';
import { runS5 } from './scenarios/s5-persistence.js';
import { runS6, s6P99OverRaw } from './scenarios/s6-slow-consumers.js';
import { runS7 } from './scenarios/s7-cluster.js';
import { s2P99OverRaw } from './scenarios/s2-latency.js';
import { runSoak } from './soak/run-soak.js';
import { SETTINGS, type Settings } from './scenarios/settings.js';

const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

function limitSteps(settings: Settings, steps: number | undefined): Settings {
  if (steps === undefined) return settings;
  return {
    ...settings,
    s1: { ...settings.s1, sweep: [], ramp: { ...settings.s1.ramp, maxSteps: steps } },
    s3: { ...settings.s3, ramp: { ...settings.s3.ramp, maxSteps: steps } },
  };
}

/** Runs the chosen scenarios in order; a scenario left out reports empty figures (for development runs only). */
async function runSuite(ctx: SuiteContext, scenarios: ReadonlySet<Scenario>, note: string): Promise<RunResults> {
  const started = performance.now();
  ctx.log(scenarios.has('s2') ? 'S1 fan-out, with S2 latency at fixed load on the main shape' : 'S1 fan-out');
  const { s1, s2 } =
    scenarios.has('s1') || scenarios.has('s2')
      ? await runS1(ctx, scenarios.has('s2'))
      : { s1: { shapes: [] }, s2: { baseRate: 0, servers: {}, p99_ms_at_50pct: 0, p99_over_raw_ms_at_50pct: null } };
  const main = s1.shapes[0]?.servers ?? {};
  ctx.log('S3 direct messages');
  const s3 = scenarios.has('s3') ? await runS3(ctx) : { pairs: 0, servers: {} };
  ctx.log('S4 idle connections');
  const s4 = scenarios.has('s4') ? await runS4(ctx) : { servers: {}, rss_bytes_per_conn: 0 };
  ctx.log('S5 persistence');
  const s5 = scenarios.has('s5') ? await runS5(ctx, s3.servers.ichat?.acksPerSecond ?? 0) : { raw: [], ichatPersistedPerSecond: 0 };
  ctx.log('S6 slow consumers');
  const rates: Partial<Record<ServerName, number>> = {};
  for (const name of ctx.servers) {
    const best = main[name]?.maxRate;
    if (best !== undefined && best > 0) rates[name] = best;
  }
  const s6 = scenarios.has('s6') ? await runS6(ctx, rates) : { servers: {}, p99_over_raw_ms: null };
  ctx.log('S7 cluster');
  // iChat's own: the other servers have no cluster mode to compare.
  const s7 = scenarios.has('s7') && ctx.servers.includes('ichat') ? await runS7(ctx) : undefined;
  const anomalies = ctx.anomalies;
  return {
    date: new Date().toISOString(),
    mode: ctx.mode,
    seconds: Math.round((performance.now() - started) / 1000),
    machine: describeMachine(ctx.plan.pinned, note),
    versions: packageVersions(),
    ratios: computeRatios(s1, s3),
    s1,
    s2,
    s3,
    s4,
    s5,
    s6,
    ...(s7 === undefined ? {} : { s7 }),
    failures: ctx.failures,
    anomalies: { ...anomalies, records: ctx.records },
  };
}

function writeResults(results: RunResults, servers: readonly ServerName[], partial: boolean, dated = true): string[] {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  if (results.mode === 'quick' || partial) {
    // Quick and partial runs are checks, not the record: one file, overwritten, never committed.
    const file = join(RESULTS_DIR, results.mode === 'quick' ? 'quick.json' : 'partial.json');
    writeFileSync(file, json);
    return [file];
  }
  const files = [
    join(RESULTS_DIR, dated ? `${results.date.replace(/[:.]/g, '-')}.json` : 'latest.json'),
    join(RESULTS_DIR, 'latest.json'),
    join(RESULTS_DIR, 's1-deliveries.svg'),
    join(RESULTS_DIR, 's2-latency.svg'),
    join(RESULTS_DIR, 'latest.md'),
    join(RESULTS_DIR, 's1-cpu.svg'),
  ];
  writeFileSync(files[0] as string, json);
  writeFileSync(files[1] as string, json);
  writeFileSync(files[2] as string, deliveriesChart(results, servers));
  writeFileSync(files[3] as string, latencyChart(results, servers));
  // The table as docs/performance.md shows it, to paste there with the date and machine.
  writeFileSync(files[4] as string, `${markdownTable(comparisonRows(results, servers))}\n\n${markdownTable(ratioRows(results))}\n`);
  writeFileSync(files[5] as string, cpuChart(results, servers));
  return files;
}

/**
 * Renders a full run's results again with this version's table, charts and ratios, rewriting latest.json and the
 * charts (for when the report changes after a run, without rerunning it).
 */
function rerender(file: string): number {
  // Read with the schema the results are declared by: a file from an older bench fails naming the field.
  const results = parseWith(RunResultsSchema, JSON.parse(readFileSync(file, 'utf8')), 'internal');
  results.ratios = computeRatios(results.s1, results.s3);
  results.s2.p99_over_raw_ms_at_50pct = s2P99OverRaw(results.s2.servers);
  results.s6.p99_over_raw_ms = s6P99OverRaw(results.s6.servers);
  const servers = SERVER_NAMES.filter((name) => results.s1.shapes[0]?.servers[name] !== undefined);
  process.stdout.write(`${formatTable(comparisonRows(results, servers))}\n\n${formatTable(ratioRows(results))}\n`);
  for (const written of writeResults(results, servers, false, false)) process.stdout.write(`wrote ${written}\n`);
  return 0;
}

async function main(): Promise<number> {
  const chosen = readArguments(process.argv.slice(2));
  if (chosen === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const { mode, servers, scenarios, note, steps, profile, report, soak } = chosen;
  if (report !== undefined) return rerender(report);
  const plan = planCores();
  pinSelf(plan);
  const started = performance.now();
  const log = (line: string): void => {
    const at = line === '' ? '' : `[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] `;
    process.stdout.write(`${at}${line}\n`);
  };
  log(
    plan.pinned
      ? `iChat ${soak === undefined ? `benchmark (${mode})` : 'soak'}: servers on core ${plan.serverCore}, load generator on core ${plan.clientCore}`
      : `iChat ${soak === undefined ? `benchmark (${mode})` : 'soak'}: taskset or a second core is missing, so nothing is pinned and figures mix server and client`,
  );
  const workdir = mkdtempSync(join(tmpdir(), 'ichat-bench-'));
  // Also on Ctrl-C, which exits without unwinding to the `finally` below.
  const removeWorkdir = (): void => rmSync(workdir, { recursive: true, force: true });
  process.once('exit', removeWorkdir);
  try {
    if (soak !== undefined) {
      const results = await runSoak({ minutes: soak, plan, workdir, log, note, resultsDir: RESULTS_DIR });
      log(`soak ${results.verdict}${results.failures.length === 0 ? '' : `: ${results.failures.join('; ')}`}`);
      return results.verdict === 'pass' ? 0 : 1;
    }
    const ctx = new SuiteContext(mode, limitSteps(SETTINGS[mode], steps), plan, workdir, servers, log);
    if (profile !== undefined) {
      mkdirSync(profile, { recursive: true });
      ctx.profileDir = profile;
      log(`profiling iChat into ${profile}; summarise with: node dist/profile-summary.js <file.cpuprofile>`);
    }
    const results = await runSuite(ctx, scenarios, note);
    process.stdout.write(`\n${formatTable(comparisonRows(results, servers))}\n\n${formatTable(ratioRows(results))}\n\n`);
    const partial =
      scenarios.size < SCENARIOS.length || servers.length < SERVER_NAMES.length || steps !== undefined || profile !== undefined;
    for (const file of writeResults(results, servers, partial)) log(`wrote ${file}`);
    const { lost, duplicated, reordered, disconnected } = results.anomalies;
    log(`anomalies: ${lost} lost, ${duplicated} duplicated, ${reordered} reordered, ${disconnected} disconnected; ${results.seconds} s`);
    if (results.failures.length > 0) log(`failed: ${results.failures.join('; ')}`);
    return lost + duplicated + reordered + disconnected === 0 && results.failures.length === 0 ? 0 : 1;
  } finally {
    killAllServers();
    removeWorkdir();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`bench: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killAllServers();
    process.exit(2);
  },
);
