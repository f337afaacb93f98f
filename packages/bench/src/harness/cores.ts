// Core pinning with taskset: servers on one core, the load generator on another.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Which cores to use, and whether pinning is possible here at all. */
export interface CorePlan {
  pinned: boolean;
  serverCore: number;
  clientCore: number;
  cores: number;
}

/** Parses a CPU list such as `0-3,6` into [0, 1, 2, 3, 6]. */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(',')) {
    const [from, to] = part.split('-').map(Number);
    if (from === undefined || Number.isNaN(from)) continue;
    for (let cpu = from; cpu <= (to ?? from); cpu++) cpus.push(cpu);
  }
  return cpus;
}

/** The CPUs this process may run on (a container or CI runner may allow fewer than the machine has). */
function allowedCpus(): number[] {
  try {
    const match = /^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match?.[1] !== undefined) return parseCpuList(match[1]);
  } catch {
    // Not Linux: no /proc, and no taskset either.
  }
  return Array.from({ length: availableParallelism() }, (_, cpu) => cpu);
}

/**
 * Picks the first two CPUs this process may use and checks that taskset can pin to both. Without taskset or a second
 * CPU everything runs unpinned and the report says so.
 */
export function planCores(): CorePlan {
  const cpus = allowedCpus();
  const [serverCore = 0, clientCore = serverCore] = cpus;
  const canPin = (cpu: number): boolean => spawnSync('taskset', ['-c', String(cpu), 'true'], { stdio: 'ignore' }).status === 0;
  const pinned = cpus.length >= 2 && canPin(serverCore) && canPin(clientCore);
  return { pinned, serverCore, clientCore: pinned ? clientCore : serverCore, cores: cpus.length };
}

/** The command that runs `command` pinned to `core` (or as it is, when pinning is off). */
export function pinnedCommand(plan: CorePlan, core: number, command: string, args: string[]): [string, string[]] {
  return plan.pinned ? ['taskset', ['-c', String(core), command, ...args]] : [command, args];
}

/** Pins this process, every thread of it, to the load generator's core. */
export function pinSelf(plan: CorePlan): void {
  if (plan.pinned) spawnSync('taskset', ['-a', '-p', '-c', String(plan.clientCore), String(process.pid)], { stdio: 'ignore' });
}
