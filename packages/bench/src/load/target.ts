// What the load generator needs to know about one kind of server: how to start it, join rooms and speak to it.

import { object, oneOf, optional, type ObjectSchema, type OptionalSchema, type Schema } from '@ichat/protocol';
import type { ServerProcess } from '../harness/server-process.js';
import type { CorePlan } from '../harness/cores.js';
import type { FrameTemplate } from '../wire/client-frame.js';
import type { BenchSocket, TextHandler } from '../wire/bench-socket.js';

/** The four servers of every run, in report order. */
export const SERVER_NAMES = ['uws', 'ichat', 'ws', 'socketio'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];
export const ServerNameSchema = oneOf(SERVER_NAMES);

/** A figure per server, for the servers that ran (a results file's `servers` fields). */
export function perServer<T>(item: Schema<T>): ObjectSchema<{ [K in ServerName]: OptionalSchema<T> }> {
  return object({ uws: optional(item), ichat: optional(item), ws: optional(item), socketio: optional(item) });
}

export const SERVER_LABELS: Readonly<Record<ServerName, string>> = {
  uws: 'raw uWS.js relay',
  ichat: 'iChat',
  ws: 'ws relay',
  socketio: 'Socket.IO 4',
};

/** How a text frame from the server counts. */
export type FrameMeaning = 'delivery' | 'ack' | 'other';

export interface TargetOptions {
  plan: CorePlan;
  /** A folder the run may write into (databases); removed by the harness. */
  workdir: string;
  /** Unsent bytes a server may queue for one socket before closing it as a slow consumer. */
  maxBackpressureBytes: number;
  /** When set, iChat runs with `--cpu-prof` and writes its profiles into this folder. */
  profileDir?: string | undefined;
}

/**
 * One server under test. `members` are numbered 0…n-1; room r's members are r·size…r·size+size-1 and its first
 * member sends. The probe's room number is r, whatever id the server gives the room.
 */
export interface Target {
  readonly name: ServerName;
  readonly server: ServerProcess;
  /** The first request the server refused, if any (a refused send shows up as lost deliveries). */
  readonly firstError?: string | undefined;
  /** Makes `count` identities ready before connecting (iChat: accounts); a no-op elsewhere. */
  prepareMembers(count: number): Promise<void>;
  /** Opens member `member`'s connection, in `room` (or in none when undefined), fully set up. */
  connect(member: number, room: number | undefined, onText: TextHandler): Promise<BenchSocket>;
  /** Creates the rooms on the server where that is a request of its own (iChat); rooms[r] lists member numbers. */
  createRooms(rooms: readonly (readonly number[])[], sockets: readonly BenchSocket[]): Promise<void>;
  /** A send template for room r with slots filled by `values(seq, sentUs)`. */
  messageTemplate(room: number, padTo: number): { template: FrameTemplate; values: (seq: number, sentUs: number) => number[] };
  /** What a text frame means. Frames that need an answer (Engine.IO pings) are answered here. */
  classify(payload: Buffer, socket: BenchSocket): FrameMeaning;
  /** Checks what the server stored against what was acknowledged (iChat only); run after `stop`. */
  verifyStored?(acked: ReadonlyMap<number, readonly number[]>): Promise<StoreCheck>;
  /** Group commits so far, their total time and messages (iChat, from its metrics). */
  commitStats?(): Promise<CommitStats | undefined>;
  /** Heap in use by the server, when it can tell. */
  heapUsed(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/** The database compared with the acks: messages missing, messages never acked, and rooms stored out of order. */
export interface StoreCheck {
  checked: number;
  missing: number;
  unacked: number;
  misordered: number;
}

/** Cumulative group-commit figures. */
export interface CommitStats {
  commits: number;
  seconds: number;
  messages: number;
}
