// The run's record: every figure, the machine, the versions, the ratios the targets are stated in, and anomalies.

import { cpus, totalmem, release, platform } from 'node:os';
import { createRequire } from 'node:module';
import { array, boolean, custom, int, isFields, number, object, optional, string, type Infer, type Place } from '@ichat/protocol';
import { AnomaliesSchema } from '../accounting/delivery-ledger.js';
import { AnomalyRecordSchema } from '../scenarios/context.js';
import { S1ResultSchema, type S1Result } from '../scenarios/s1-fanout.js';
import { S2ResultSchema } from '../scenarios/s2-latency.js';
import { S3ResultSchema, type S3Result } from '../scenarios/s3-direct.js';
import { S4ResultSchema } from '../scenarios/s4-connections.js';
import { S5ResultSchema } from '../scenarios/s5-persistence.js';
import { S6ResultSchema } from '../scenarios/s6-slow-consumers.js';
import { S7ResultSchema } from '../scenarios/s7-cluster.js';
import { ModeSchema } from '../scenarios/settings.js';

export const MachineSchema = object({
  cpu: string(),
  cores: int(),
  memoryBytes: int(),
  os: string(),
  node: string(),
  /** Whether servers and load generator ran on separate cores. */
  pinned: boolean,
  /** Free text: e.g. that other work shared the machine. */
  note: string(),
});
export type Machine = Infer<typeof MachineSchema>;

/** Package name → version. */
const VersionsSchema = custom((value: unknown, place: Place): Record<string, string> => {
  if (!isFields(value)) return place.fail(`${place.quoted} must be an object`);
  const versions: Record<string, string> = {};
  for (const [name, version] of Object.entries(value)) versions[name] = string().read(version, place.at(name));
  return versions;
});

/**
 * iChat ÷ raw relay, iChat ÷ `ws` relay and iChat ÷ Socket.IO. The `*_vs_*` ratios divide sustained rates, as the
 * targets are stated; `s1_min_shape_vs_raw` is the lowest of them over every S1 shape. The `*_cpu_vs_*` ratios
 * divide the other server's CPU time per message by iChat's at the ramp's first rate, the same for every server:
 * what the throughput ratio would be if both were bound by their own core. They stay meaningful when the load
 * generator, not the server, bounds a rate, or when other work shares the machine.
 */
export const RatiosSchema = object({
  s1_vs_raw: number(0),
  s1_vs_socketio: number(0),
  s3_vs_raw: number(0),
  s1_cpu_vs_raw: number(0),
  s1_cpu_vs_socketio: number(0),
  s3_cpu_vs_raw: number(0),
  s3_cpu_vs_socketio: number(0),
  s1_min_shape_vs_raw: number(0),
  s3_vs_ws: number(0),
});
export type Ratios = Infer<typeof RatiosSchema>;

/** A run's results file, as the bench writes it and as `--report` reads it back. */
export const RunResultsSchema = object({
  date: string(),
  mode: ModeSchema,
  seconds: number(0),
  machine: MachineSchema,
  versions: VersionsSchema,
  ratios: RatiosSchema,
  s1: S1ResultSchema,
  s2: S2ResultSchema,
  s3: S3ResultSchema,
  s4: S4ResultSchema,
  s5: S5ResultSchema,
  s6: S6ResultSchema,
  /** The cluster scenario (runs before it was added have none). */
  s7: optional(S7ResultSchema),
  /** Scenario cells that failed; their figures are missing. */
  failures: array(string()),
  anomalies: object({ ...AnomaliesSchema.shape, disconnected: int(), records: array(AnomalyRecordSchema) }),
});
export type RunResults = Infer<typeof RunResultsSchema>;

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

/** Server CPU µs per message in the first step of a ramp (0 when there was none). */
function firstStepCost(ramp: { steps: { serverMicrosPerMessage: number }[] } | undefined): number {
  return ramp?.steps[0]?.serverMicrosPerMessage ?? 0;
}

/**
 * The lowest iChat ÷ raw relay sustained deliveries over the S1 shapes both ran (0 when none): the shape iChat does
 * worst on, rather than the main shape only.
 */
function lowestShapeRatio(s1: S1Result): number {
  const ratios = s1.shapes
    .filter(({ servers }) => servers.ichat !== undefined && servers.uws !== undefined)
    .map(({ servers }) => ratio(servers.ichat?.maxDeliveriesPerSecond ?? 0, servers.uws?.maxDeliveriesPerSecond ?? 0));
  return ratios.length === 0 ? 0 : Math.min(...ratios);
}

export function computeRatios(s1: S1Result, s3: S3Result): Ratios {
  const main = s1.shapes[0]?.servers ?? {};
  const sustained = (name: 'uws' | 'socketio'): number => main[name]?.maxDeliveriesPerSecond ?? 0;
  const ichat = main.ichat?.maxDeliveriesPerSecond ?? 0;
  const ichatCost = firstStepCost(main.ichat);
  const direct = s3.servers;
  const directCost = direct.ichat?.firstStepMicrosPerMessage ?? 0;
  return {
    s1_vs_raw: ratio(ichat, sustained('uws')),
    s1_vs_socketio: ratio(ichat, sustained('socketio')),
    s3_vs_raw: ratio(direct.ichat?.messagesPerSecond ?? 0, direct.uws?.messagesPerSecond ?? 0),
    s1_cpu_vs_raw: ratio(firstStepCost(main.uws), ichatCost),
    s1_cpu_vs_socketio: ratio(firstStepCost(main.socketio), ichatCost),
    s3_cpu_vs_raw: ratio(direct.uws?.firstStepMicrosPerMessage ?? 0, directCost),
    s3_cpu_vs_socketio: ratio(direct.socketio?.firstStepMicrosPerMessage ?? 0, directCost),
    s1_min_shape_vs_raw: lowestShapeRatio(s1),
    s3_vs_ws: ratio(direct.ichat?.messagesPerSecond ?? 0, direct.ws?.messagesPerSecond ?? 0),
  };
}

/**
 * Which sustained-rate ratios divide figures the load generator bounded (on either side): those compare two
 * ceilings of the generator, not two servers, and the report says so instead of presenting them as a result.
 */
export function generatorBoundRatios(results: Pick<RunResults, 's1' | 's3'>): Set<keyof Ratios> {
  const bound = new Set<keyof Ratios>();
  const main = results.s1.shapes[0]?.servers ?? {};
  const direct = results.s3.servers;
  if (main.ichat?.clientBound === true || main.uws?.clientBound === true) bound.add('s1_vs_raw');
  if (main.ichat?.clientBound === true || main.socketio?.clientBound === true) bound.add('s1_vs_socketio');
  if (direct.ichat?.clientBound === true || direct.uws?.clientBound === true) bound.add('s3_vs_raw');
  if (direct.ichat?.clientBound === true || direct.ws?.clientBound === true) bound.add('s3_vs_ws');
  if (results.s1.shapes.some(({ servers }) => servers.ichat?.clientBound === true || servers.uws?.clientBound === true)) {
    bound.add('s1_min_shape_vs_raw');
  }
  return bound;
}

/** a ÷ b rounded to 3 places; 0 when b is 0 (a ratio against a server that did not run or reached nothing). */
export function ratio(a: number, b: number): number {
  return b > 0 ? Math.round((a / b) * 1000) / 1000 : 0;
}
