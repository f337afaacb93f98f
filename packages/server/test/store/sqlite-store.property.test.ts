// The model-based Store properties against SQLite, each run on a new in-memory database (fast, and just as strict).

import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { describeStoreProperties } from './contract/store-properties.js';

describeStoreProperties('SqliteStore', async () => {
  const store = new SqliteStore(':memory:');
  await store.migrate();
  return store;
});
