// Shared limits on NATS JetStream KV: counters as entries updated by compare-and-set on their revision, socket counts
// as one entry per address holding each node's count, where a node counts only while its heartbeat entry lives.

import { randomBytes } from 'node:crypto';
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { ConnectionLedger } from './connection-ledger.js';
import { limitKey } from './limit-keys.js';
import { NODE_TTL_MS, type SharedLimits, type SharedLimitsOptions, type WindowCount } from './shared-limits.js';

/** A counter entry: its count and when its window ends (epoch ms: nodes' clocks are kept in step, as for tokens). */
interface Counter {
  count: number;
  resetAt: number;
}

/** Node id → sockets of that node for one address. */
type NodeCounts = Record<string, number>;

/** A request to JetStream that takes longer than this fails, so a check never waits long on an outage. */
const REQUEST_TIMEOUT_MS = 2000;
/** Compare-and-set retries before giving up under contention (each retry follows another node's success). */
const MAX_ATTEMPTS = 50;
/** Socket entries of an address expire a day after their last write; a node rewrites its own twice as often. */
const SOCKETS_TTL_MS = 86_400_000;

export class NatsLimits implements SharedLimits {
  readonly kind = 'nats';
  readonly #kvm: Kvm;
  readonly #prefix: string;
  readonly #node = randomBytes(8).toString('hex');
  readonly #ttlMs: number;
  readonly #ledger = new ConnectionLedger();
  /** When this node last wrote each address's entry, to rewrite it before the bucket's expiry removes it. */
  readonly #written = new Map<string, number>();
  readonly #counterBuckets = new Map<number, Promise<KV>>();
  readonly #heartbeat: NodeJS.Timeout;
  #nodes: Promise<KV> | undefined;
  #sockets: Promise<KV> | undefined;

  constructor(connection: NatsConnection, prefix: string, options: SharedLimitsOptions = {}) {
    this.#kvm = new Kvm(connection);
    this.#prefix = prefix;
    this.#ttlMs = options.nodeTtlMs ?? NODE_TTL_MS;
    this.#heartbeat = setInterval(() => void this.#beat(), this.#ttlMs / 3);
    this.#heartbeat.unref();
  }

  /**
   * Creates the buckets and announces this node.
   * @throws when JetStream does not answer (a NATS server started without it): the limits could not be shared.
   */
  async start(): Promise<void> {
    const nodes = await this.#nodesBucket();
    await nodes.put(this.#node, '1');
    await this.#socketsBucket();
  }

  hit(key: string, windowMs: number, cost: number): Promise<WindowCount> {
    return this.#reopenOnFailure(this.#hit(key, windowMs, cost));
  }

  async #hit(key: string, windowMs: number, cost: number): Promise<WindowCount> {
    const kv = await this.#bucket(this.#counterBuckets, windowMs, `${this.#prefix}_limits_${windowMs}`, windowMs);
    const name = limitKey(key);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const entry = await kv.get(name);
      const now = Date.now();
      const stored = live(entry) ? (entry.json<Counter>()) : undefined;
      const current = stored !== undefined && stored.resetAt > now ? stored : undefined;
      if (current === undefined && cost <= 0) return { count: 0, resetInMs: 0 };
      const next: Counter =
        current === undefined ? { count: cost, resetAt: now + windowMs } : { count: Math.max(0, current.count + cost), resetAt: current.resetAt };
      if (await written(() => (entry === null ? kv.create(name, JSON.stringify(next)) : kv.update(name, JSON.stringify(next), entry.revision)))) {
        return { count: next.count, resetInMs: next.resetAt - now };
      }
    }
    throw new Error(`The counter ${name} changed ${MAX_ATTEMPTS} times while it was being counted`);
  }

  async clear(key: string, windowMs: number): Promise<void> {
    const kv = await this.#bucket(this.#counterBuckets, windowMs, `${this.#prefix}_limits_${windowMs}`, windowMs);
    await kv.delete(limitKey(key));
  }

  async addConnection(address: string, max: number): Promise<boolean> {
    let added: boolean;
    try {
      added = await this.#changeSockets(address, (counts) => (sum(counts) >= max ? undefined : (counts[this.#node] ?? 0) + 1));
    } catch (error) {
      // The caller lets the socket in regardless: it counts here, and in NATS once the heartbeat rewrites it.
      this.#ledger.add(address);
      this.#ledger.markStale();
      throw error;
    }
    if (added) this.#ledger.add(address);
    return added;
  }

  removeConnection(address: string): void {
    this.#ledger.remove(address);
    this.#changeSockets(address, (counts) => (counts[this.#node] ?? 0) - 1).catch(() => this.#ledger.markStale());
  }

  async connections(address: string): Promise<number> {
    const kv = await this.#socketsBucket();
    const entry = await kv.get(limitKey(address));
    return live(entry) ? sum(await this.#liveCounts(entry.json<NodeCounts>())) : 0;
  }

  async close(release: boolean): Promise<void> {
    clearInterval(this.#heartbeat);
    if (!release) return;
    const addresses = [...this.#ledger.entries()].map(([address]) => address);
    await Promise.allSettled([...addresses.map((address) => this.#changeSockets(address, () => 0)), this.#nodesBucket().then((kv) => kv.delete(this.#node))]);
  }

  /**
   * Sets this node's count for `address` to what `next` returns for the live counts (undefined: leave it), by
   * compare-and-set, dropping dead nodes' counts on the way. Resolves whether it wrote.
   */
  #changeSockets(address: string, next: (counts: NodeCounts) => number | undefined): Promise<boolean> {
    return this.#reopenOnFailure(this.#writeSockets(address, next));
  }

  async #writeSockets(address: string, next: (counts: NodeCounts) => number | undefined): Promise<boolean> {
    const kv = await this.#socketsBucket();
    const name = limitKey(address);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const entry = await kv.get(name);
      const counts = live(entry) ? await this.#liveCounts(entry.json<NodeCounts>()) : {};
      const count = next(counts);
      if (count === undefined) return false;
      if (count > 0) counts[this.#node] = count;
      else delete counts[this.#node];
      const empty = Object.keys(counts).length === 0;
      if (empty && !live(entry)) return true;
      const write = (): Promise<unknown> => {
        if (entry === null) return kv.create(name, JSON.stringify(counts));
        if (empty) return kv.delete(name, { previousSeq: entry.revision });
        return kv.update(name, JSON.stringify(counts), entry.revision);
      };
      if (await written(write)) {
        this.#written.set(address, Date.now());
        return true;
      }
    }
    throw new Error(`The socket count of an address changed ${MAX_ATTEMPTS} times while it was being counted`);
  }

  /** The counts of nodes whose heartbeat entry lives (this node's always). */
  async #liveCounts(counts: NodeCounts): Promise<NodeCounts> {
    const nodes = await this.#nodesBucket();
    const result: NodeCounts = {};
    await Promise.all(
      Object.entries(counts).map(async ([node, count]) => {
        if (node === this.#node || live(await nodes.get(node))) result[node] = count;
      }),
    );
    return result;
  }

  async #beat(): Promise<void> {
    try {
      await this.#reopenOnFailure(this.#nodesBucket().then((nodes) => nodes.put(this.#node, '1')));
      const rewriteAll = this.#ledger.takeStale();
      const before = Date.now() - SOCKETS_TTL_MS / 2;
      for (const [address, count] of this.#ledger.entries()) {
        if (rewriteAll || (this.#written.get(address) ?? 0) < before) await this.#changeSockets(address, () => count);
      }
      for (const address of this.#written.keys()) if (this.#ledger.get(address) === 0) this.#written.delete(address);
    } catch {
      this.#ledger.markStale();
    }
  }

  /**
   * Forgets the opened buckets when a request fails, so the next one creates them again: a NATS server restarted
   * without its JetStream store has lost them.
   */
  async #reopenOnFailure<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      this.#nodes = undefined;
      this.#sockets = undefined;
      this.#counterBuckets.clear();
      throw error;
    }
  }

  #nodesBucket(): Promise<KV> {
    this.#nodes ??= this.#open(`${this.#prefix}_nodes`, this.#ttlMs, () => (this.#nodes = undefined));
    return this.#nodes;
  }

  #socketsBucket(): Promise<KV> {
    this.#sockets ??= this.#open(`${this.#prefix}_sockets`, SOCKETS_TTL_MS, () => (this.#sockets = undefined));
    return this.#sockets;
  }

  #bucket(cache: Map<number, Promise<KV>>, id: number, name: string, ttlMs: number): Promise<KV> {
    let bucket = cache.get(id);
    if (bucket === undefined) {
      bucket = this.#open(name, ttlMs, () => cache.delete(id));
      cache.set(id, bucket);
    }
    return bucket;
  }

  /** Creates (or opens, when another node made it) a bucket whose entries expire `ttlMs` after their last write. */
  #open(name: string, ttlMs: number, failed: () => void): Promise<KV> {
    const bucket = this.#kvm.create(name, { ttl: ttlMs, history: 1, timeout: REQUEST_TIMEOUT_MS });
    // Not cached when it failed (NATS away): the next call tries again.
    bucket.catch(failed);
    return bucket;
  }
}

function live(entry: KvEntry | null): entry is KvEntry {
  return entry !== null && entry.operation === 'PUT';
}

function sum(counts: NodeCounts): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

/** Runs a compare-and-set write: false when another node wrote first (the caller reads again), else it throws. */
async function written(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof Error && /wrong last sequence/i.test(error.message)) return false;
    throw error;
  }
}
