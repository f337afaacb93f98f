// PostgreSQL for tests: a schema or a whole database of its own per test, on the machine's real service, dropped after.

import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The service the suites use: `ICHAT_TEST_POSTGRES_URL`, by default the local one (user postgres, trust). */
export const TEST_POSTGRES_URL = process.env['ICHAT_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Something made for one test, and how to remove it. */
export interface Disposable<T> {
  readonly value: T;
  drop(): Promise<void>;
}

/** A name no other test of this or another run uses: lower case, so it needs no quoting. */
function uniqueIdentifier(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty schema in the test database; its value is the schema's name (give it to the store as its
 * `schema`). `drop` removes it with everything in it.
 *
 * @example
 * ```ts
 * const schema = await createTestSchema('contract');
 * onTestFinished(() => schema.drop());
 * const store = new PostgresStore(TEST_POSTGRES_URL, { schema: schema.value });
 * ```
 */
export async function createTestSchema(prefix: string, url = TEST_POSTGRES_URL): Promise<Disposable<string>> {
  const name = uniqueIdentifier(prefix);
  await withClient(url, (client) => client.query(`create schema ${name}`));
  return { value: name, drop: () => withClient(url, (client) => client.query(`drop schema if exists ${name} cascade`)).then(() => undefined) };
}

/**
 * Creates an empty database on the test service; its value is the database's URL (for a server's DATABASE_URL).
 * `drop` removes it, ending any connection still open to it.
 */
export async function createTestDatabase(prefix: string, url = TEST_POSTGRES_URL): Promise<Disposable<string>> {
  const name = uniqueIdentifier(prefix);
  await withClient(url, (client) => client.query(`create database ${name}`));
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  return {
    value: databaseUrl.toString(),
    drop: () => withClient(url, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
