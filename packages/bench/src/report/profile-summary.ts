// `node dist/profile-summary.js file.cpuprofile [top]`: where a V8 CPU profile spent its time, by function.

import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

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
  const rows = functionTimes(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(from ?? 0));
  const all = rows.reduce((sum, row) => sum + row.selfMs, 0);
  const show = (row: FunctionTime): string =>
    `${((row.selfMs / all) * 100).toFixed(1).padStart(5)}% self ${((row.totalMs / all) * 100).toFixed(1).padStart(5)}% total  ${row.name}\n`;
  process.stdout.write(`by self time (${all.toFixed(0)} ms sampled):\n`);
  for (const row of rows.slice(0, Number(top ?? 25))) process.stdout.write(show(row));
  process.stdout.write('by total time:\n');
  for (const row of [...rows].sort((a, b) => b.totalMs - a.totalMs).slice(0, Number(top ?? 25))) process.stdout.write(show(row));
}
