// The SQLite store against the Store contract, each test on a new database file; then what only SQLite promises.

import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeTempDir } from '../support/test-server.js';
import { describeStoreContract } from './contract/store-contract.js';
import { addUser } from './contract/fixtures.js';

const dir = makeTempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let databases = 0;
async function makeSqliteStore(): Promise<SqliteStore> {
  databases += 1;
  const store = new SqliteStore(join(dir, `store-${databases}.db`));
  await store.migrate();
  return store;
}

describeStoreContract('SqliteStore', makeSqliteStore);

describe('SqliteStore backup', () => {
  it('writes a self-contained copy that opens as a store with the same data', async () => {
    const store = await makeSqliteStore();
    onTestFinished(() => store.close());
    const ada = await addUser(store, 'ada');
    const file = join(dir, 'backup.db');
    await store.backup(file);
    expect(existsSync(`${file}.partial`)).toBe(false);
    const copy = new SqliteStore(file);
    onTestFinished(() => copy.close());
    expect(await copy.users.findById(ada.id)).toEqual(ada);
  });
});
