// Shared limits on Redis: counters as keys that expire with their window, socket counts as one hash per node that
// expires unless the node's heartbeat refreshes it, so a dead node's sockets stop counting within NODE_TTL_MS.

import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ConnectionLedger } from './connection-ledger.js';
import { limitKey } from './limit-keys.js';
import { NODE_TTL_MS, type SharedLimits, type SharedLimitsOptions, type WindowCount } from './shared-limits.js';

// INCRBY and the window's expiry in one step, so two nodes never both start a window or lose an increment. A give-back
// (negative cost) on a window that has ended starts nothing.
const HIT = `
local cost = tonumber(ARGV[1])
if cost < 0 and redis.call('EXISTS', KEYS[1]) == 0 then return {0, 0} end
local count = redis.call('INCRBY', KEYS[1], cost)
if count <= 0 then
  redis.call('DEL', KEYS[1])
  return {0, 0}
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  ttl = tonumber(ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return {count, ttl}`;

// Nodes are members of a sorted set scored by their last heartbeat (Redis's clock); each has a hash address → sockets.
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

const SUM = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
local total = 0
for _, node in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  total = total + tonumber(redis.call('HGET', ARGV[1] .. node, ARGV[2]) or '0')
end`;

// KEYS: nodes, this node's hash. ARGV: hash prefix, address, ttl, node, max. Checked and counted in one step.
const ADD = `${NOW}
${SUM}
if total >= tonumber(ARGV[5]) then return -1 end
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[1], now, ARGV[4])
return total + 1`;

const COUNT = `${NOW}
${SUM}
return total`;

// KEYS: this node's hash. ARGV: address. Never creates the hash (it would have no expiry).
const REMOVE = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
local count = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if count <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return count`;

// KEYS: nodes, this node's hash. ARGV: ttl, node, rewrite ('1' or '0'), then address, count pairs. Returns whether
// the hash was missing (it expired while the node was cut off), so the caller knows to rewrite it.
const BEAT = `${NOW}
redis.call('ZADD', KEYS[1], now, ARGV[2])
if ARGV[3] == '1' then
  redis.call('DEL', KEYS[2])
  for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
end
if redis.call('PEXPIRE', KEYS[2], ARGV[1]) == 0 then return 1 end
return 0`;

export class RedisLimits implements SharedLimits {
  readonly kind = 'redis';
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #node = randomBytes(8).toString('hex');
  readonly #ttlMs: number;
  readonly #ledger = new ConnectionLedger();
  readonly #heartbeat: NodeJS.Timeout;

  /** `redis` fails fast while Redis is away (no offline queue), so a check never waits on an outage. */
  constructor(redis: Redis, prefix: string, options: SharedLimitsOptions = {}) {
    this.#redis = redis;
    this.#prefix = `${prefix}:limits`;
    this.#ttlMs = options.nodeTtlMs ?? NODE_TTL_MS;
    this.#heartbeat = setInterval(() => void this.#beat(), this.#ttlMs / 3);
    this.#heartbeat.unref();
  }

  async hit(key: string, windowMs: number, cost: number): Promise<WindowCount> {
    const [count, ttl] = (await this.#redis.eval(HIT, 1, this.#counterKey(key, windowMs), cost, windowMs)) as [number, number];
    return { count, resetInMs: ttl };
  }

  async clear(key: string, windowMs: number): Promise<void> {
    await this.#redis.del(this.#counterKey(key, windowMs));
  }

  async addConnection(address: string, max: number): Promise<boolean> {
    let total: number;
    try {
      total = (await this.#redis.eval(ADD, 2, this.#nodesKey(), this.#hashKey(this.#node), this.#hashKey(''), limitKey(address), this.#ttlMs, this.#node, max)) as number;
    } catch (error) {
      // The caller lets the socket in regardless: it counts here, and in Redis once the heartbeat rewrites this node.
      this.#ledger.add(address);
      this.#ledger.markStale();
      throw error;
    }
    if (total < 0) return false;
    this.#ledger.add(address);
    return true;
  }

  removeConnection(address: string): void {
    this.#ledger.remove(address);
    this.#redis.eval(REMOVE, 1, this.#hashKey(this.#node), limitKey(address)).catch(() => this.#ledger.markStale());
  }

  async connections(address: string): Promise<number> {
    return (await this.#redis.eval(COUNT, 1, this.#nodesKey(), this.#hashKey(''), limitKey(address), this.#ttlMs)) as number;
  }

  async close(release: boolean): Promise<void> {
    clearInterval(this.#heartbeat);
    if (!release) return;
    await Promise.allSettled([this.#redis.del(this.#hashKey(this.#node)), this.#redis.zrem(this.#nodesKey(), this.#node)]);
  }

  async #beat(): Promise<void> {
    try {
      const rewrite = this.#ledger.takeStale();
      const missing = await this.#send(rewrite);
      // Expired while this node was cut off: its sockets are still open, so they count again.
      if (missing === 1 && !rewrite && this.#ledger.entries().next().done !== true) await this.#send(true);
    } catch {
      this.#ledger.markStale();
    }
  }

  async #send(rewrite: boolean): Promise<number> {
    const pairs = rewrite ? [...this.#ledger.entries()].flatMap(([address, count]) => [limitKey(address), count]) : [];
    return (await this.#redis.eval(BEAT, 2, this.#nodesKey(), this.#hashKey(this.#node), this.#ttlMs, this.#node, rewrite ? '1' : '0', ...pairs)) as number;
  }

  #counterKey(key: string, windowMs: number): string {
    return `${this.#prefix}:count:${windowMs}:${limitKey(key)}`;
  }

  #nodesKey(): string {
    return `${this.#prefix}:nodes`;
  }

  /** This node's hash with `node`; with '' the prefix the scripts append node ids to. */
  #hashKey(node: string): string {
    return `${this.#prefix}:sockets:${node}`;
  }
}
