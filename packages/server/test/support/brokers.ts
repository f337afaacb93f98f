// Broker outages for the cluster suites: a cluster's Redis connections killed, a NATS server of the test's own restarted.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@ichat/test-kit';
import { Kvm } from '@nats-io/kv';
import { connect as connectNats } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { eventually } from './wait.js';

/**
 * Kills every Redis connection of one cluster (they are named after its channel prefix) and only those: other suites
 * may share the machine's Redis. Returns how many were killed.
 */
export async function killRedisConnections(redisUrl: string, prefix: string): Promise<number> {
  const admin = new Redis(redisUrl);
  try {
    const list = String(await admin.call('CLIENT', 'LIST'));
    const ids = list
      .split('\n')
      .filter((line) => line.includes(` name=ichat-${prefix} `))
      .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1])
      .filter((id): id is string => id !== undefined);
    for (const id of ids) await admin.call('CLIENT', 'KILL', 'ID', id);
    return ids.length;
  } finally {
    admin.disconnect();
  }
}

/**
 * Removes the JetStream key-value buckets one cluster made on a NATS server for its shared limits (named after its
 * prefix), so test runs leave no streams behind on the machine's NATS.
 */
export async function removeNatsBuckets(natsUrl: string, prefix: string): Promise<void> {
  const connection = await connectNats({ servers: new URL(natsUrl).host });
  try {
    const kvm = new Kvm(connection);
    const names: string[] = [];
    for await (const status of kvm.list()) if (status.bucket.startsWith(`${prefix}_`)) names.push(status.bucket);
    for (const name of names) await (await kvm.open(name)).destroy();
  } finally {
    await connection.close();
  }
}

/** Whether something on 127.0.0.1 accepts a TCP connection on `port`: a server started by a test is up. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A server of one test's own on a free port, which the test can kill at once and start again on the same port. */
export abstract class RestartableServer {
  readonly port: number;
  #process: ChildProcess | undefined;

  protected constructor(port: number) {
    this.port = port;
  }

  /** The command that starts the server on `port`. */
  protected abstract command(): { name: string; args: string[] };

  /** Kills the server at once (SIGKILL): every connection drops without a goodbye. */
  async kill(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts it again on the same port. */
  async restart(): Promise<void> {
    await this.kill();
    await this.spawn();
  }

  protected async spawn(): Promise<void> {
    const { name, args } = this.command();
    this.#process = spawn(name, args, { stdio: 'ignore' });
    await eventually(async () => ((await accepts(this.port)) ? true : undefined), `${name} on port ${this.port}`);
  }
}

/** A nats-server of the test's own, with JetStream (the nodes' shared limits need it). */
export class NatsServer extends RestartableServer {
  // The JetStream store lives as long as the test's server.
  readonly #storeDir = mkdtempSync(join(tmpdir(), 'ichat-nats-'));

  static async start(): Promise<NatsServer> {
    const server = new NatsServer(await freePort());
    await server.spawn();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  protected command(): { name: string; args: string[] } {
    return { name: 'nats-server', args: ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.#storeDir] };
  }
}
