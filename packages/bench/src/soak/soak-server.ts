// The soak's iChat: started with per-address limits raised, sampled from outside, its database checked afterwards.

import { readdirSync } from 'node:fs';
import { ROUTES, routePath } from '@ichat/protocol';
import BetterSqlite3 from 'better-sqlite3';
import type { CorePlan } from '../harness/cores.js';
import { ServerProcess } from '../harness/server-process.js';
import { ichatLaunch } from '../load/ichat-server.js';
import type { StoreCheck } from '../load/target.js';

export interface SoakServer {
  server: ServerProcess;
  database: string;
  secret: string;
}

/**
 * Every soak user logs in from 127.0.0.1, so the per-address login and registration limits (meant for one person or
 * one attacker) are raised; message and frame rates keep their defaults, which the soak's clients stay well under.
 */
export async function startSoakServer(plan: CorePlan, workdir: string, users: number): Promise<SoakServer> {
  const { database, secret, args } = ichatLaunch(workdir, 'soak');
  const server = await ServerProcess.start(plan, {
    args: [
      ...args,
      '--max-connections-per-ip', String(users * 4),
      '--login-max-failures', '1000000',
      '--registrations-per-hour', '1000000',
    ],
    ready: { kind: 'http', path: routePath(ROUTES.health) },
    cwd: workdir,
  });
  return { server, database, secret };
}

/** The server's unlabelled Prometheus samples, by name (an empty map when it does not answer). */
export async function readMetrics(port: number): Promise<Map<string, number>> {
  const samples = new Map<string, number>();
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}${routePath(ROUTES.metrics)}`)).text();
    for (const match of text.matchAll(/^([a-z0-9_]+) ([0-9.e+-]+)$/gm)) samples.set(match[1] ?? '', Number(match[2]));
  } catch {
    // A missed sample shows as zeros in the table; the verdict uses RSS and descriptors from /proc as well.
  }
  return samples;
}

/** Open file descriptors of a process, from /proc (0 when it is gone). */
export function openFds(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}

/** The database against the acks, plus what only a whole-database read can see. */
export interface SoakStoreCheck extends StoreCheck {
  /** Acked client message ids stored more than once in their room. */
  duplicated: number;
  /** Seqs missing inside a room's 1…max run. */
  seqGaps: number;
  /** Highest stored seq per room id, to compare with what each client saw. */
  maxSeq: Map<number, number>;
}

/**
 * Reads every stored message after the server stopped. `missing` counts acked sends not stored with the acked seq,
 * `unacked` stored sends never acked, `misordered` rooms whose seqs are not strictly increasing by id.
 */
export function checkStore(database: string, acks: ReadonlyMap<number, ReadonlyMap<string, number>>): SoakStoreCheck {
  const db = new BetterSqlite3(database, { readonly: true, fileMustExist: true });
  try {
    const check: SoakStoreCheck = {
      checked: 0,
      missing: 0,
      unacked: 0,
      misordered: 0,
      duplicated: 0,
      seqGaps: 0,
      maxSeq: new Map(),
    };
    const stored = new Map<number, Map<string, number[]>>();
    let room = -1;
    let lastSeq = 0;
    for (const row of db.prepare('select room_id, seq, client_msg_id from messages order by room_id, id').iterate()) {
      if (typeof row !== 'object' || row === null) continue;
      const roomId = Number(Reflect.get(row, 'room_id'));
      const seq = Number(Reflect.get(row, 'seq'));
      const clientMsgId = String(Reflect.get(row, 'client_msg_id'));
      check.checked++;
      if (roomId !== room) {
        room = roomId;
        lastSeq = 0;
      }
      if (seq <= lastSeq) check.misordered++;
      else if (seq > lastSeq + 1) check.seqGaps += seq - lastSeq - 1;
      lastSeq = Math.max(lastSeq, seq);
      check.maxSeq.set(roomId, lastSeq);
      let ids = stored.get(roomId);
      if (ids === undefined) {
        ids = new Map();
        stored.set(roomId, ids);
      }
      ids.set(clientMsgId, [...(ids.get(clientMsgId) ?? []), seq]);
    }
    for (const [roomId, ids] of stored) {
      const acked = acks.get(roomId);
      for (const [clientMsgId, seqs] of ids) {
        if (seqs.length > 1) check.duplicated += seqs.length - 1;
        if (acked?.has(clientMsgId) !== true) check.unacked++;
      }
    }
    for (const [roomId, acked] of acks) {
      const ids = stored.get(roomId);
      for (const [clientMsgId, seq] of acked) if (ids?.get(clientMsgId)?.[0] !== seq) check.missing++;
    }
    return check;
  } finally {
    db.close();
  }
}
