// What every scenario gets: the mode's settings, the core plan, a scratch folder, and one anomaly account.

import { int, object, string, type Infer } from '@ichat/protocol';
import { addAnomalies, AnomaliesSchema, NO_ANOMALIES, type Anomalies } from '../accounting/delivery-ledger.js';
import type { CorePlan } from '../harness/cores.js';
import type { Fleet } from '../load/fleet.js';
import { startIChat } from '../load/ichat-target.js';
import { drain } from '../load/open-loop.js';
import { startRelay } from '../load/relay-targets.js';
import { startSocketIo } from '../load/socketio-target.js';
import { ServerNameSchema, type ServerName, type Target, type TargetOptions } from '../load/target.js';
import type { Mode, Settings } from './settings.js';

/** iChat's default slow-consumer limit; the relays get the same, so S6 compares like with like. */
export const DEFAULT_BACKPRESSURE_BYTES = 1024 * 1024;

/** Anomalies found in one scenario on one server. */
export const AnomalyRecordSchema = object({
  scenario: string(),
  server: ServerNameSchema,
  ...AnomaliesSchema.shape,
  /** Sockets the server closed that were not deliberately slow. */
  disconnected: int(),
  /** iChat: acked messages missing from the database, stored but never acked, or stored out of order. */
  storeMissing: int(),
  storeUnacked: int(),
  storeMisordered: int(),
  note: string(),
});
export type AnomalyRecord = Infer<typeof AnomalyRecordSchema>;

export class SuiteContext {
  readonly mode: Mode;
  readonly settings: Settings;
  readonly plan: CorePlan;
  readonly workdir: string;
  readonly servers: readonly ServerName[];
  readonly records: AnomalyRecord[] = [];
  /** Scenario cells that failed (a server that did not start, a setup request that timed out…). */
  readonly failures: string[] = [];
  readonly log: (line: string) => void;
  /** Where iChat writes CPU profiles, when profiling. */
  profileDir: string | undefined;

  constructor(mode: Mode, settings: Settings, plan: CorePlan, workdir: string, servers: readonly ServerName[], log: (line: string) => void) {
    this.mode = mode;
    this.settings = settings;
    this.plan = plan;
    this.workdir = workdir;
    this.servers = servers;
    this.log = log;
  }

  /** Sum over every scenario and server. Store mismatches count as lost (missing), duplicated (unacked) or reordered. */
  get anomalies(): Anomalies & { disconnected: number } {
    let total = { ...NO_ANOMALIES };
    let disconnected = 0;
    for (const record of this.records) {
      total = addAnomalies(total, {
        lost: record.lost + record.storeMissing,
        duplicated: record.duplicated + record.storeUnacked,
        reordered: record.reordered + record.storeMisordered,
      });
      disconnected += record.disconnected;
    }
    return { ...total, disconnected };
  }

  /**
   * Runs one scenario cell; a failure is logged and recorded instead of ending the run, so one server's problem
   * still leaves every other figure. The run exits non-zero when anything failed.
   */
  async attempt<T>(label: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      const message = `${label}: ${error instanceof Error ? error.message : String(error)}`;
      this.failures.push(message);
      this.log(`  ! ${message}`);
      return undefined;
    }
  }

  async startTarget(name: ServerName, maxBackpressureBytes = DEFAULT_BACKPRESSURE_BYTES): Promise<Target> {
    const options: TargetOptions = { plan: this.plan, workdir: this.workdir, maxBackpressureBytes, profileDir: this.profileDir };
    switch (name) {
      case 'uws':
      case 'ws':
        return startRelay(name, options);
      case 'ichat':
        return startIChat(options);
      case 'socketio':
        return startSocketIo(options);
    }
  }

  /**
   * Drains the fleet, stops its server, checks iChat's database against the acks, and books the anomalies.
   * `slow` members were made slow on purpose: their closing is expected and they are not counted.
   */
  async finish(scenario: string, fleet: Fleet, slow: ReadonlySet<number> = new Set()): Promise<AnomalyRecord> {
    await drain(fleet, this.mode === 'quick' ? 5000 : 20_000, this.mode === 'quick' ? 1000 : 2000);
    const ledger = fleet.ledger.anomalies();
    const disconnected = fleet.countClosed(slow);
    fleet.close();
    const target = fleet.target;
    await target.stop();
    const store = await target.verifyStored?.(fleet.acked);
    const record: AnomalyRecord = {
      scenario,
      server: target.name,
      ...ledger,
      disconnected,
      storeMissing: store?.missing ?? 0,
      storeUnacked: store?.unacked ?? 0,
      storeMisordered: store?.misordered ?? 0,
      note: target.firstError ?? '',
    };
    this.records.push(record);
    const bad = record.lost + record.duplicated + record.reordered + record.storeMissing + record.storeUnacked + record.storeMisordered;
    if (bad > 0 || disconnected > 0) {
      this.log(`  ! ${scenario} ${target.name}: ${JSON.stringify(record)}`);
    }
    return record;
  }
}
