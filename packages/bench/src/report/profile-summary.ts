// `node dist/profile-summary.js file.cpuprofile [top]`: where a V8 CPU profile spent its time, by function.

import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { array, int, object, optional, parseWith, string, type Infer } from '@ichat/protocol';

/** Any safe integer: V8 writes -1 for an unknown line, and a time delta can be negative. */
const anyInt = int(Number.MIN_SAFE_INTEGER);

/** The fields of a V8 `.cpuprofile` (DevTools protocol `Profiler.Profile`) that the summary reads. */
const ProfileNodeSchema = object({
  id: anyInt,
  callFrame: object({ functionName: string(), url: string(), lineNumber: anyInt }),
  children: optional(array(anyInt)),
});
type ProfileNode = Infer<typeof ProfileNodeSchema>;

export const CpuProfileSchema = object({
  /** In µs, like the deltas. */
  startTime: anyInt,
  nodes: array(ProfileNodeSchema),
  /** The node id on top of the stack at each sample, and the µs since the previous sample. */
  samples: array(anyInt),
  timeDeltas: array(anyInt),
});
export type CpuProfile = Infer<typeof CpuProfileSchema>;

export interface FunctionTime {
  name: string;
  selfMs: number;
  /** Time with this function anywhere on the stack (each sample counted once). */
  totalMs: number;
}

function frameName(node: ProfileNode): string {
  const frame = node.callFrame;
  const file = frame.url === '' ? '' : ` ${relative(process.cwd(), frame.url.replace(/^file:\/\//, ''))}:${frame.lineNumber + 1}`;
  return `${frame.functionName === '' ? '(anonymous)' : frame.functionName}${file}`;
}

/**
 * Self and inclusive time per function (name, file, line), for samples taken at least `fromSeconds` after the
 * profile started (to leave out start-up and setup), largest self time first.
 */
export function functionTimes(profile: CpuProfile, fromSeconds = 0): FunctionTime[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const times = new Map<string, FunctionTime>();
  const entry = (name: string): FunctionTime => {
    let time = times.get(name);
    if (time === undefined) {
      time = { name, selfMs: 0, totalMs: 0 };
      times.set(name, time);
    }
    return time;
  };
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    at += micros;
    const node = byId.get(id);
    if (node === undefined || at - profile.startTime < fromSeconds * 1e6) return;
    entry(frameName(node)).selfMs += micros / 1000;
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const name = frameName(byId.get(current) as ProfileNode);
      if (seen.has(name)) continue;
      seen.add(name);
      entry(name).totalMs += micros / 1000;
    }
  });
  return [...times.values()].sort((a, b) => b.selfMs - a.selfMs);
}

const [file, top, from] = process.argv.slice(2);
if (file !== undefined) {
  const profile = parseWith(CpuProfileSchema, JSON.parse(readFileSync(file, 'utf8')), 'bad_request');
  const rows = functionTimes(profile, Number(from ?? 0));
  const all = rows.reduce((sum, row) => sum + row.selfMs, 0);
  const show = (row: FunctionTime): string =>
    `${((row.selfMs / all) * 100).toFixed(1).padStart(5)}% self ${((row.totalMs / all) * 100).toFixed(1).padStart(5)}% total  ${row.name}\n`;
  process.stdout.write(`by self time (${all.toFixed(0)} ms sampled):\n`);
  for (const row of rows.slice(0, Number(top ?? 25))) process.stdout.write(show(row));
  process.stdout.write('by total time:\n');
  for (const row of [...rows].sort((a, b) => b.totalMs - a.totalMs).slice(0, Number(top ?? 25))) process.stdout.write(show(row));
}
