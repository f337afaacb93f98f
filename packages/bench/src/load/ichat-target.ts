// iChat as a client sees it: accounts with real tokens, `auth` on every socket, groups created by request, and
// `message.send` acked after commit. After the run, the SQLite file is compared with the acks.

import { randomBytes } from 'node:crypto';
import {
  encodedTypePrefix,
  encodeRequest,
  IChatError,
  parseResult,
  parseServerFrame,
  ROUTES,
  routePath,
  WS_PATH,
  type RequestType,
  type Requests,
} from '@ichat/protocol';
import { seedAccounts } from '@ichat/server';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { ServerProcess } from '../harness/server-process.js';
import { ichatLaunch } from './ichat-server.js';
import { BenchSocket, type TextHandler } from '../wire/bench-socket.js';
import { FrameTemplate, slotsOf } from '../wire/client-frame.js';
import { PROBE_PLACEHOLDER, PROBE_PREFIX } from '../wire/probe.js';
import type { CommitStats, FrameMeaning, StoreCheck, Target, TargetOptions } from './target.js';

/**
 * Members named per create or add request: the protocol allows 256, and every request pushes the room to all its
 * members, so fewer, larger requests make big rooms much quicker to set up.
 */
const MEMBERS_PER_REQUEST = 250;
/** Growing a 1,000-member group pushes the room to every member on each request: slow, but setup, not the bench. */
const SETUP_TIMEOUT_MS = 120_000;
const PREFIX_MESSAGE = Buffer.from(encodedTypePrefix('message'));
const PREFIX_REPLY = Buffer.from(encodedTypePrefix('reply'));
const PREFIX_ERROR = Buffer.from(encodedTypePrefix('error'));
/** Every seeded account's password; seeding hashes it once for all of them. */
const MEMBER_PASSWORD = 'bench-password';
const PROBE_BYTES = Buffer.from(PROBE_PREFIX);

/** Seeded accounts' usernames (3–32 characters of the allowed set). */
function memberName(member: number): string {
  return `bench-m${member}`;
}

function startsWith(payload: Buffer, prefix: Buffer): boolean {
  return payload.length >= prefix.length && payload.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}


/** Settles one setup request with its reply's result, or its error. */
type Settle = (result: unknown, error: IChatError | undefined) => void;

/** A room's stored messages' client ids, in seq order. */
type StoredRows = (roomId: number) => Promise<(string | null)[]>;

/** Reads a SQLite file, or a PostgreSQL database (a cluster's), for the store check; `close` when done. */
async function storeReader(database: string): Promise<{ rows: StoredRows; close: () => Promise<void> }> {
  const query = 'select client_msg_id from messages where room_id = $1 order by seq';
  if (/^postgres(ql)?:\/\//.test(database)) {
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    return {
      rows: async (roomId) => (await client.query<{ client_msg_id: string | null }>(query, [roomId])).rows.map((row) => row.client_msg_id),
      close: () => client.end(),
    };
  }
  const db = new BetterSqlite3(database, { readonly: true, fileMustExist: true });
  const statement = db.prepare(query.replace('$1', '?'));
  return {
    rows: (roomId) => Promise.resolve((statement.all(roomId) as { client_msg_id: string | null }[]).map((row) => row.client_msg_id)),
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

class IChatTarget implements Target {
  readonly name = 'ichat' as const;
  /** The first node: the one whose CPU a step measures (a cluster's scenario sums its nodes itself). */
  readonly server: ServerProcess;
  /** Every node; members connect to them round-robin (one node outside a cluster). */
  readonly nodes: readonly ServerProcess[];
  readonly #database: string;
  readonly #secret: string;
  readonly #tokens: string[] = [];
  readonly #pending = new Map<string, Settle>();
  readonly #roomIds: number[] = [];
  #nextRequest = 0;
  /** The first refused request, for the report: a refused send is counted as lost at every member. */
  firstError: string | undefined;

  constructor(nodes: readonly ServerProcess[], database: string, secret: string) {
    const first = nodes[0];
    if (first === undefined) throw new Error('iChat needs a node');
    this.server = first;
    this.nodes = nodes;
    this.#database = database;
    this.#secret = secret;
  }

  /**
   * Seeds the accounts and their tokens with the server package's `seedAccounts`, which hashes one password for all
   * of them: registering 10,000 accounts over HTTP would measure argon2id, slow on purpose, not chat. The WebSocket
   * `auth` that every connection does is the real one.
   */
  async prepareMembers(count: number): Promise<void> {
    if (count <= this.#tokens.length) return;
    const accounts = Array.from({ length: count - this.#tokens.length }, (_, i) => {
      const name = memberName(this.#tokens.length + i);
      return { email: `${name}@bench.test`, username: name };
    });
    const tokens = await seedAccounts({
      database: this.#database,
      secret: this.#secret,
      accounts,
      password: MEMBER_PASSWORD,
      tokenTtlMs: 24 * 3_600_000,
    });
    this.#tokens.push(...tokens);
  }

  async connect(member: number, _room: number | undefined, onText: TextHandler): Promise<BenchSocket> {
    const token = this.#tokens[member];
    if (token === undefined) throw new Error(`No account prepared for member ${member}`);
    const socket = await BenchSocket.open({
      port: (this.nodes[member % this.nodes.length] ?? this.server).port,
      path: WS_PATH,
      onText: (payload, arrived) => {
        const meaning = this.classify(payload);
        if (meaning === 'other') this.#settle(payload);
        else onText(payload, arrived);
      },
    });
    await this.#request(socket, 'auth', { token });
    return socket;
  }

  async createRooms(rooms: readonly (readonly number[])[], sockets: readonly BenchSocket[]): Promise<void> {
    let next = 0;
    const createOne = async (): Promise<void> => {
      while (next < rooms.length) {
        const index = next++;
        const members = rooms[index] ?? [];
        const owner = sockets[members[0] ?? -1];
        if (owner === undefined) throw new Error(`Room ${index} has no owner socket`);
        const others = members.slice(1).map(memberName);
        const created = await this.#request(owner, 'room.create_group', {
          name: `bench ${index}`,
          members: others.slice(0, MEMBERS_PER_REQUEST),
        });
        const roomId = created.chat.roomId;
        for (let at = MEMBERS_PER_REQUEST; at < others.length; at += MEMBERS_PER_REQUEST) {
          await this.#request(owner, 'room.add_members', { roomId, members: others.slice(at, at + MEMBERS_PER_REQUEST) });
        }
        this.#roomIds[index] = roomId;
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, rooms.length) }, createOne));
  }

  messageTemplate(room: number, padTo: number): { template: FrameTemplate; values: (seq: number, sentUs: number) => number[] } {
    const roomId = this.#roomIds[room];
    if (roomId === undefined) throw new Error(`Room ${room} was not created`);
    // Encoded once by the protocol, with fixed-width slots that are patched per send; none needs JSON escaping.
    const encode = (text: string): string =>
      encodeRequest('message.send', '{rid______}', { roomId, clientMsgId: `b${room}-{cid______}`, text });
    const bare = encode(`${PROBE_PLACEHOLDER} `);
    const payload = encode(`${PROBE_PLACEHOLDER} ${'x'.repeat(Math.max(0, padTo - bare.length))}`);
    const template = new FrameTemplate(payload, slotsOf(payload, ['rid', 'cid', 'room', 'seq', 'sentUs']), randomBytes(4));
    return { template, values: (seq, sentUs) => [seq, seq, room, seq, sentUs] };
  }

  classify(payload: Buffer): FrameMeaning {
    if (startsWith(payload, PREFIX_MESSAGE)) return 'delivery';
    if (startsWith(payload, PREFIX_REPLY) && payload.indexOf(PROBE_BYTES) >= 0) return 'ack';
    return 'other';
  }

  async verifyStored(acked: ReadonlyMap<number, readonly number[]>): Promise<StoreCheck> {
    const reader = await storeReader(this.#database);
    try {
      const check: StoreCheck = { checked: 0, missing: 0, unacked: 0, misordered: 0 };
      for (const [room, seqs] of acked) {
        const roomId = this.#roomIds[room];
        if (roomId === undefined) continue;
        const stored = (await reader.rows(roomId)).map((clientMsgId) => Number(clientMsgId?.slice(clientMsgId.indexOf('-') + 1)));
        check.checked += stored.length;
        const wanted = new Set(seqs);
        const found = new Set(stored);
        for (const seq of wanted) if (!found.has(seq)) check.missing++;
        for (const seq of found) if (!wanted.has(seq)) check.unacked++;
        // One sender per room sends in order, so the room's seq order must be the send order.
        for (let i = 1; i < stored.length; i++) if ((stored[i] as number) <= (stored[i - 1] as number)) check.misordered++;
      }
      return check;
    } finally {
      await reader.close();
    }
  }

  async heapUsed(): Promise<number | undefined> {
    return (await this.#metrics())?.get('ichat_nodejs_heap_size_used_bytes');
  }

  /** Summed over the nodes: each commits its own sockets' messages. */
  async commitStats(): Promise<CommitStats | undefined> {
    const total: CommitStats = { commits: 0, seconds: 0, messages: 0 };
    for (const node of this.nodes) {
      const metrics = await this.#metrics(node);
      const commits = metrics?.get('ichat_commit_seconds_count');
      const seconds = metrics?.get('ichat_commit_seconds_sum');
      const messages = metrics?.get('ichat_commit_batch_size_sum');
      if (commits === undefined || seconds === undefined || messages === undefined) return undefined;
      total.commits += commits;
      total.seconds += seconds;
      total.messages += messages;
    }
    return total;
  }

  /** The server's Prometheus samples without labels, by name. */
  async #metrics(node = this.server): Promise<Map<string, number> | undefined> {
    try {
      const text = await (await fetch(`http://127.0.0.1:${node.port}${routePath(ROUTES.metrics)}`)).text();
      const samples = new Map<string, number>();
      for (const match of text.matchAll(/^([a-z_]+) ([0-9.e+-]+)$/gm)) samples.set(match[1] as string, Number(match[2]));
      return samples;
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop(30_000)));
  }

  #request<K extends RequestType>(socket: BenchSocket, type: K, params: Requests[K]['params']): Promise<Requests[K]['result']> {
    const id = `s${this.#nextRequest++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`iChat ${type} timed out`));
      }, SETUP_TIMEOUT_MS);
      this.#pending.set(id, (result, error) => {
        clearTimeout(timer);
        if (error !== undefined) reject(new Error(`iChat ${type}: ${error.code} ${error.message}`));
        else {
          try {
            resolve(parseResult(type, result));
          } catch (invalid) {
            reject(invalid instanceof Error ? invalid : new Error(String(invalid)));
          }
        }
      });
      socket.sendText(encodeRequest(type, id, params));
    });
  }

  #settle(payload: Buffer): void {
    if (!startsWith(payload, PREFIX_REPLY) && !startsWith(payload, PREFIX_ERROR)) return;
    const frame = parseServerFrame(payload.toString());
    if (frame.type !== 'reply' && frame.type !== 'error') return;
    const waiting = frame.id === null ? undefined : this.#pending.get(frame.id);
    if (frame.id !== null && waiting !== undefined) {
      this.#pending.delete(frame.id);
      if (frame.type === 'reply') waiting(frame.result, undefined);
      else waiting(undefined, IChatError.fromWire(frame.error));
    } else if (frame.type === 'error') {
      this.firstError ??= `${frame.error.code}: ${frame.error.message}`;
    }
  }
}

/** The flags every bench start of iChat adds: per-connection limits raised for load. */
function loadFlags(options: TargetOptions): string[] {
  return [
    '--messages-per-second', '1000000',
    '--message-burst', '1000000',
    '--frames-per-second', '1000000',
    '--max-connections-per-ip', '20000',
    '--max-backpressure-bytes', String(options.maxBackpressureBytes),
  ];
}

/** Starts iChat on the server core with persistence on and per-connection limits raised for load. */
export async function startIChat(options: TargetOptions): Promise<Target> {
  const { database, secret, args } = ichatLaunch(options.workdir, 'ichat');
  const server = await ServerProcess.start(options.plan, {
    args: [...(options.profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.profileDir]), ...args, ...loadFlags(options)],
    ready: { kind: 'http', path: routePath(ROUTES.health) },
    cwd: options.workdir,
  });
  return new IChatTarget([server], database, secret);
}

/** Where a cluster keeps its messages and how its nodes reach each other. */
export interface ClusterSetup {
  /** A PostgreSQL database of the run's own (`postgres://…`). */
  readonly database: string;
  /** `redis://…` or `nats://…`; undefined for one node without a broker. */
  readonly brokerUrl: string | undefined;
  readonly nodes: number;
}

/**
 * Starts iChat nodes on one PostgreSQL database and one broker, all on the server core (so their CPU adds up as one
 * node's would), with one secret: a member's token works on every node. Members connect to the nodes round-robin.
 */
export async function startIChatCluster(options: TargetOptions, setup: ClusterSetup): Promise<Target & { readonly nodes: readonly ServerProcess[] }> {
  const { database, secret, args } = ichatLaunch(options.workdir, 'cluster', setup.database);
  const broker = setup.brokerUrl === undefined ? [] : ['--broker-url', setup.brokerUrl, '--broker-prefix', `bench${randomBytes(4).toString('hex')}`];
  const start = (): Promise<ServerProcess> =>
    ServerProcess.start(options.plan, {
      args: [...args, ...broker, ...loadFlags(options)],
      ready: { kind: 'http', path: routePath(ROUTES.health) },
      cwd: options.workdir,
    });
  const nodes: ServerProcess[] = [];
  try {
    // The first migrates the database; the others open it migrated.
    nodes.push(await start());
    for (let i = 1; i < setup.nodes; i++) nodes.push(await start());
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    throw error;
  }
  return new IChatTarget(nodes, database, secret);
}
