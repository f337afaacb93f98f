// A Redis and a PostgreSQL of one test's own, on free ports, that the test may kill and start again: the machine's
// shared services are never restarted, since other suites use them at the same time.

import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@ichat/test-kit';
import { RestartableServer } from './brokers.js';

const run = promisify(execFile);

/** Whether `command --version` runs. */
export async function installed(command: string): Promise<boolean> {
  try {
    await run(command, ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** A redis-server without persistence on a free port; killed, it comes back empty, as a crashed cache would. */
export class PrivateRedis extends RestartableServer {
  static async start(): Promise<PrivateRedis> {
    const server = new PrivateRedis(await freePort());
    await server.spawn();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  protected command(): { name: string; args: string[] } {
    return { name: 'redis-server', args: ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', '--appendonly', 'no'] };
  }
}

/** The newest PostgreSQL server binaries Debian's packages installed, or undefined. */
export async function postgresBinaries(): Promise<string | undefined> {
  const root = '/usr/lib/postgresql';
  try {
    const versions = (await readdir(root)).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const bin = join(root, version, 'bin');
      if ((await readdir(bin)).includes('pg_ctl')) return bin;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * A PostgreSQL cluster in a temporary folder on a free port (trust authentication, user postgres, no fsync: it is
 * thrown away). PostgreSQL refuses to run as root, so as root its commands run as the `postgres` user.
 */
export class PrivatePostgres {
  readonly port: number;
  readonly #bin: string;
  readonly #dir: string;

  private constructor(bin: string, dir: string, port: number) {
    this.#bin = bin;
    this.#dir = dir;
    this.port = port;
  }

  static async start(bin: string): Promise<PrivatePostgres> {
    const dir = await mkdtemp(join(tmpdir(), 'ichat-pg-'));
    const server = new PrivatePostgres(bin, dir, await freePort());
    try {
      if (process.getuid?.() === 0) await chown(dir, ...(await postgresIds()));
      await server.#as('initdb', ['-D', server.#data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
      await server.#startServer();
    } catch (error) {
      await server.dispose();
      throw error;
    }
    return server;
  }

  /** The `postgres` database, which the test's nodes share. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  get #data(): string {
    return join(this.#dir, 'data');
  }

  /** Stops it as a crash would (`immediate`: no checkpoint, every connection dropped). */
  async crash(): Promise<void> {
    await this.#as('pg_ctl', ['-D', this.#data, '-m', 'immediate', '-w', 'stop']);
  }

  /** Starts it again on the same port and data, after `crash`. */
  async startAgain(): Promise<void> {
    await this.#startServer();
  }

  /** Stops the server if it runs and removes its folder. */
  async dispose(): Promise<void> {
    await this.#as('pg_ctl', ['-D', this.#data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    await rm(this.#dir, { recursive: true, force: true });
  }

  async #startServer(): Promise<void> {
    const options = `-p ${this.port} -k ${this.#dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.#as('pg_ctl', ['-D', this.#data, '-o', options, '-l', join(this.#dir, 'log'), '-w', 'start']);
  }

  #as(command: string, args: readonly string[]): Promise<unknown> {
    const path = join(this.#bin, command);
    return process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', path, ...args]) : run(path, [...args]);
  }
}

/** The uid and gid of the `postgres` user. */
async function postgresIds(): Promise<[number, number]> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return [Number(stdout.trim()), Number(group.trim())];
}
