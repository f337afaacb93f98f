// The PostgreSQL store against the Store contract, each test in a schema of its own on the real service; then what
// only a networked database must prove: two nodes' stores appending to the same rooms at once.

import { IChatError } from '@ichat/protocol';
import { createTestSchema, TEST_POSTGRES_URL } from '@ichat/test-kit/postgres';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { QueuedMessage } from '../../src/store/contract/store.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { addUser, expectIChatError, queued } from './contract/fixtures.js';
import { describeStoreContract } from './contract/store-contract.js';

/** A new, migrated store in a new schema; the schema is dropped after the test (after the store is closed). */
async function makePostgresStore(): Promise<PostgresStore> {
  const schema = await createTestSchema('store');
  onTestFinished(() => schema.drop());
  const store = new PostgresStore(TEST_POSTGRES_URL, { schema: schema.value });
  await store.migrate();
  return store;
}

describeStoreContract('PostgresStore', makePostgresStore);

/** Two stores on one schema, each with its own pool: two nodes of a cluster. Closed after the test. */
async function twoNodes(): Promise<[PostgresStore, PostgresStore]> {
  const schema = await createTestSchema('nodes');
  onTestFinished(() => schema.drop());
  const a = new PostgresStore(TEST_POSTGRES_URL, { schema: schema.value, poolSize: 4 });
  const b = new PostgresStore(TEST_POSTGRES_URL, { schema: schema.value, poolSize: 4 });
  onTestFinished(async () => {
    await a.close();
    await b.close();
  });
  await Promise.all([a.migrate(), b.migrate()]);
  return [a, b];
}

describe('PostgresStore across nodes', () => {
  it('gives gap-free, unique seqs when two nodes append to the same rooms at once, with no deadlock', async () => {
    const [a, b] = await twoNodes();
    const ada = await addUser(a, 'ada');
    const roomIds: number[] = [];
    for (let i = 0; i < 4; i += 1) roomIds.push(await a.rooms.createGroup(ada.id, `r${i}`, [], 10));
    // Each batch names the rooms in a different order, so unsorted locking would deadlock.
    const batch = (node: string, round: number): QueuedMessage[] =>
      Array.from({ length: 12 }, (_, i) => queued(roomIds[(i * 7 + round) % roomIds.length] ?? 0, ada.id, `${node}-${round}-${i}`));
    const rounds = 25;
    await Promise.all(
      (['a', 'b'] as const).flatMap((node) =>
        Array.from({ length: rounds }, (_, round) => (node === 'a' ? a : b).messages.append(batch(node, round))),
      ),
    );
    let total = 0;
    for (const roomId of roomIds) {
      const page = await b.messages.history(roomId, { after: 0, limit: 10_000 });
      const seqs = page.messages.map((message) => message.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      expect((await a.rooms.find(roomId))?.lastSeq).toBe(seqs.length);
      total += seqs.length;
    }
    expect(total).toBe(2 * rounds * 12);
  });

  it('stores one row when the same resend races on two nodes', async () => {
    const [a, b] = await twoNodes();
    const ada = await addUser(a, 'ada');
    const roomId = await a.rooms.createGroup(ada.id, 'room', [], 10);
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const message = queued(roomId, ada.id, `resend-${attempt}`);
      const [[fromA], [fromB]] = await Promise.all([a.messages.append([message]), b.messages.append([message])]);
      expect([fromA?.duplicate, fromB?.duplicate].sort()).toEqual([false, true]);
      expect(fromA?.message).toEqual(fromB?.message);
    }
    const page = await a.messages.history(roomId, { after: 0, limit: 100 });
    expect(page.messages.map((message) => message.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('refuses a clientMsgId raced into two rooms on two nodes once, and leaves no gap', async () => {
    const [a, b] = await twoNodes();
    const ada = await addUser(a, 'ada');
    const first = await a.rooms.createGroup(ada.id, 'first', [], 10);
    const second = await a.rooms.createGroup(ada.id, 'second', [], 10);
    const outcomes = await Promise.allSettled([a.messages.append([queued(first, ada.id, 'same')]), b.messages.append([queued(second, ada.id, 'same')])]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(IChatError);
    expect(refused?.reason).toMatchObject({ code: 'validation_failed', field: 'clientMsgId' });
    const lastSeqs = [(await a.rooms.find(first))?.lastSeq, (await a.rooms.find(second))?.lastSeq].sort();
    expect(lastSeqs).toEqual([0, 1]);
  });
});

describe('PostgresStore backup', () => {
  it('refuses, naming pg_dump', async () => {
    const store = await makePostgresStore();
    onTestFinished(() => store.close());
    await expectIChatError(() => store.backup(), 'bad_request');
    await expect(store.backup()).rejects.toThrow(/pg_dump/);
  });
});

describe('PostgresStore schema version', () => {
  it('refuses a database that a newer iChat migrated, and leaves it as it is', async () => {
    const schema = await createTestSchema('newer');
    onTestFinished(() => schema.drop());
    const older = new PostgresStore(TEST_POSTGRES_URL, { schema: schema.value });
    onTestFinished(() => older.close());
    await older.migrate();
    const ada = await addUser(older, 'ada');
    // A migration this server does not know, as a newer version would have recorded it.
    await recordUnknownMigration(schema.value);
    const newer = new PostgresStore(TEST_POSTGRES_URL, { schema: schema.value });
    onTestFinished(() => newer.close());
    expect((await newer.schemaState()).unknown).toEqual(['999-from-the-future']);
    await expectIChatError(() => newer.migrate(), 'validation_failed', 'database');
    expect(await older.users.findById(ada.id)).toEqual(ada);
  });
});

async function recordUnknownMigration(schema: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`insert into ${schema}.kysely_migration (name, timestamp) values ('999-from-the-future', now()::text)`);
  } finally {
    await client.end();
  }
}
