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
  ratios: { s1_vs_raw: number; s1_vs_socketio: number; s3_vs_raw: number };
  s1: S1Result;
  s2: S2Result;
  s3: S3Result;
  s4: S4Result;
  s5: S5Result;
  s6: S6Result;
  anomalies: { lost: number; duplicated: number; reordered: number; disconnected: number; records: AnomalyRecord[] };
}

export function describeMachine(pinned: boolean, note: string): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryBytes: totalmem(),
    os: `${platform()} ${release()}`,
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

/** a ÷ b rounded to 3 places; 0 when b is 0 (a ratio against a server that did not run or reached nothing). */
export function ratio(a: number, b: number): number {
  return b > 0 ? Math.round((a / b) * 1000) / 1000 : 0;
}
