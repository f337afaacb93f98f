// The run's record: every figure, the machine, the versions, the ratios the targets are stated in, and anomalies.

import { cpus, totalmem, release, platform } from 'node:os';
import { createRequire } from 'node:module';
import type { AnomalyRecord } from '../scenarios/context.js';
import type { S1Result } from '../scenarios/s1-fanout.js';
import type { S2Result } from '../scenarios/s2-latency.js';
import type { S3Result } from '../scenarios/s3-direct.js';
import type { S4Result } from '../scenarios/s4-connections.js';
import type { S5Result } from '../scenarios/s5-persistence.js';
import type { S6Result } from '../scenarios/s6-slow-consumers.js';
import type { Mode } from '../scenarios/settings.js';

export interface Machine {
  cpu: string;
  cores: number;
  memoryBytes: number;
  os: string;
  node: string;
  /** Whether servers and load generator ran on separate cores. */
  pinned: boolean;
  /** Free text: e.g. that other work shared the machine. */
  note: string;
}

export interface RunResults {
  date: string;
  mode: Mode;
  seconds: number;
  machine: Machine;
  versions: Record<string, string>;
  ratios: Ratios;
  s1: S1Result;
  s2: S2Result;
  s3: S3Result;
  s4: S4Result;
  s5: S5Result;
  s6: S6Result;
  /** Scenario cells that failed; their figures are missing. */
  failures: string[];
  anomalies: { lost: number; duplicated: number; reordered: number; disconnected: number; records: AnomalyRecord[] };
}

export function describeMachine(pinned: boolean, note: string): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryBytes: totalmem(),
    // Kernel major.minor only: enough to compare runs, without the build string.
    os: `${platform()} ${release().split('.').slice(0, 2).join('.')}`,
    node: process.version,
    pinned,
    note,
  };
}

/** Versions of what is compared, read from the installed packages. */
export function packageVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const version = (name: string): string => {
    try {
      return String((require(`${name}/package.json`) as { version: string }).version);
    } catch {
      return 'unknown';
    }
  };
  return {
    ichat: version('@ichat/server'),
    'uWebSockets.js': version('uWebSockets.js'),
    ws: version('ws'),
    'socket.io': version('socket.io'),
    'better-sqlite3': version('better-sqlite3'),
  };
}

/**
 * iChat ÷ raw relay and iChat ÷ Socket.IO. The `*_vs_*` ratios divide sustained rates, as the targets are stated.
 * The `*_cpu_vs_*` ratios divide the other server's CPU time per message by iChat's at the ramp's first rate, the
 * same for every server: what the throughput ratio would be if both were bound by their own core. They stay
 * meaningful when the load generator, not the server, bounds a rate, or when other work shares the machine.
 */
export interface Ratios {
  s1_vs_raw: number;
  s1_vs_socketio: number;
  s3_vs_raw: number;
  s1_cpu_vs_raw: number;
  s1_cpu_vs_socketio: number;
  s3_cpu_vs_raw: number;
}

/** Server CPU µs per message in the first step of a ramp (0 when there was none). */
function firstStepCost(ramp: { steps: { serverMicrosPerMessage: number }[] } | undefined): number {
  return ramp?.steps[0]?.serverMicrosPerMessage ?? 0;
}

export function computeRatios(s1: S1Result, s3: S3Result): Ratios {
  const main = s1.shapes[0]?.servers ?? {};
  const sustained = (name: 'uws' | 'socketio'): number => main[name]?.maxDeliveriesPerSecond ?? 0;
  const ichat = main.ichat?.maxDeliveriesPerSecond ?? 0;
  const ichatCost = firstStepCost(main.ichat);
  return {
    s1_vs_raw: ratio(ichat, sustained('uws')),
    s1_vs_socketio: ratio(ichat, sustained('socketio')),
    s3_vs_raw: ratio(s3.servers.ichat?.messagesPerSecond ?? 0, s3.servers.uws?.messagesPerSecond ?? 0),
    s1_cpu_vs_raw: ratio(firstStepCost(main.uws), ichatCost),
    s1_cpu_vs_socketio: ratio(firstStepCost(main.socketio), ichatCost),
    s3_cpu_vs_raw: ratio(s3.servers.uws?.firstStepMicrosPerMessage ?? 0, s3.servers.ichat?.firstStepMicrosPerMessage ?? 0),
  };
}

/** a ÷ b rounded to 3 places; 0 when b is 0 (a ratio against a server that did not run or reached nothing). */
export function ratio(a: number, b: number): number {
  return b > 0 ? Math.round((a / b) * 1000) / 1000 : 0;
}
