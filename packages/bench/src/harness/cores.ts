// Core pinning with taskset: servers on one core, the load generator on another.

import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Which cores to use, and whether pinning is possible here at all. */
export interface CorePlan {
  pinned: boolean;
  serverCore: number;
  clientCore: number;
  cores: number;
}

/** Checks for taskset and at least two cores; without either, everything runs unpinned and the report says so. */
export function planCores(): CorePlan {
  const cores = availableParallelism();
  const taskset = spawnSync('taskset', ['--version'], { stdio: 'ignore' });
  const pinned = taskset.status === 0 && cores >= 2;
  return { pinned, serverCore: 0, clientCore: pinned ? 1 : 0, cores };
}

/** The command that runs `command` pinned to `core` (or as it is, when pinning is off). */
export function pinnedCommand(plan: CorePlan, core: number, command: string, args: string[]): [string, string[]] {
  return plan.pinned ? ['taskset', ['-c', String(core), command, ...args]] : [command, args];
}

/** Pins this process, every thread of it, to the load generator's core. */
export function pinSelf(plan: CorePlan): void {
  if (plan.pinned) spawnSync('taskset', ['-a', '-p', '-c', String(plan.clientCore), String(process.pid)], { stdio: 'ignore' });
}
