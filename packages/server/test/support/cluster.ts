// Several real servers in this process sharing one database file, each with its own port and broker connection: the
// nodes of a cluster, for the fan-out suites. Each cluster uses channel names of its own on the shared broker.

import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { removeNatsBuckets } from './brokers.js';
import { makeTempDir, TestServer, type Flags } from './test-server.js';

/** The brokers of the machine, as the suites reach them. */
export const REDIS_URL = process.env['ICHAT_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const NATS_URL = process.env['ICHAT_TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';

export class TestCluster {
  readonly dir: string;
  readonly prefix: string;
  readonly nodes: TestServer[];
  readonly #brokerUrl: string;

  private constructor(dir: string, prefix: string, nodes: TestServer[], brokerUrl: string) {
    this.dir = dir;
    this.prefix = prefix;
    this.nodes = nodes;
    this.#brokerUrl = brokerUrl;
  }

  /**
   * Starts `count` nodes on one SQLite file and one broker. Nodes start one after another, so the first creates and
   * migrates the database before the others open it.
   *
   * @example
   * ```ts
   * const cluster = await TestCluster.start(3, REDIS_URL);
   * const ada = await cluster.node(0).register('ada');
   * ```
   */
  static async start(count: number, brokerUrl: string, flags: Flags = {}): Promise<TestCluster> {
    const dir = makeTempDir();
    const prefix = `t${randomBytes(6).toString('hex')}`;
    const nodes: TestServer[] = [];
    try {
      for (let i = 0; i < count; i++) {
        nodes.push(await TestServer.start({ 'broker-url': brokerUrl, 'broker-prefix': prefix, ...flags }, dir));
      }
    } catch (error) {
      for (const node of nodes) await node.stop();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    return new TestCluster(dir, prefix, nodes, brokerUrl);
  }

  node(index: number): TestServer {
    const node = this.nodes[index];
    if (node === undefined) throw new Error(`The cluster has no node ${index}`);
    return node;
  }

  /** Stops every node gracefully and removes the shared folder, and on NATS the cluster's buckets. */
  async dispose(): Promise<void> {
    for (const node of this.nodes) await node.stop();
    rmSync(this.dir, { recursive: true, force: true });
    // Best effort: a NATS server of the test's own may be gone already, and its buckets with it.
    if (this.#brokerUrl.startsWith('nats:')) await removeNatsBuckets(this.#brokerUrl, this.prefix).catch(() => undefined);
  }
}

/**
 * One cluster shared by the tests of a file (or describe block): started before them, its sockets closed after each
 * test, stopped and removed after all.
 *
 * @example
 * ```ts
 * const env = useTestCluster(3, REDIS_URL);
 * it('…', async () => { const ada = await env.cluster.node(0).register('ada'); });
 * ```
 */
export function useTestCluster(count: number, brokerUrl: string, flags: Flags = {}): { readonly cluster: TestCluster } {
  let cluster: TestCluster | undefined;
  beforeAll(async () => {
    cluster = await TestCluster.start(count, brokerUrl, flags);
  });
  afterEach(async () => {
    for (const node of cluster?.nodes ?? []) await node.closeClients();
  });
  afterAll(async () => {
    await cluster?.dispose();
  });
  return {
    get cluster(): TestCluster {
      if (cluster === undefined) throw new Error('The test cluster is not started yet');
      return cluster;
    },
  };
}

/** A counter's value in a node's /metrics (0 when it was never incremented). */
export async function metricValue(node: TestServer, name: string): Promise<number> {
  const text = (await node.http('/metrics')).text;
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.slice(name.length + 1));
}

/** Messages the nodes together delivered from the database rather than from the broker. */
export async function repairedMessages(cluster: TestCluster): Promise<number> {
  let total = 0;
  for (const node of cluster.nodes) total += await metricValue(node, 'ichat_broker_gap_repaired_messages_total');
  return total;
}
