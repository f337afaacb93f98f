// `ichat-server migrate --to postgres://…`, run as users run it: a SQLite database built through the store is copied
// into PostgreSQL by the command in a child process, a server started on the copy serves its history, and the
// command's refusals, its restart after a kill and its verification are checked.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createClient, memoryStorage, type IChatClient } from '@ichat/sdk';
import { requireServerBuild, runServerCommand, serverNode, SERVER_MAIN, cleanEnv, ServerProcess, type CommandResult } from '@ichat/test-kit';
import { createTestDatabase } from '@ichat/test-kit/postgres';
import pg from 'pg';
import WebSocket from 'ws';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { hashPassword } from '../../src/auth/passwords.js';
import type { QueuedMessage } from '../../src/store/contract/message-store.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { TestServer, makeTempDir } from '../support/test-server.js';

const PASSWORD = 'correct horse battery';
const SECRET = 'a test secret that is long enough to sign with';

beforeAll(requireServerBuild);

function migrate(database: string, args: string[]): Promise<CommandResult> {
  return runServerCommand(['migrate', '--database', database, ...args], { cwd: makeTempDir(), timeoutMs: 60_000 });
}

function connect(url: string): IChatClient {
  const client = createClient({ url, WebSocket, storage: memoryStorage() });
  onTestFinished(() => client.close());
  return client;
}

async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

async function emptyTarget(prefix: string): Promise<string> {
  const database = await createTestDatabase(prefix);
  onTestFinished(() => database.drop(), 60_000);
  return database.value;
}

/** A SQLite database in a folder of its own, filled through the store: `fill` gets the store and the users' ids. */
async function sqliteDatabase(fill: (store: SqliteStore, users: { ada: number; grace: number; bob: number }) => Promise<void>): Promise<string> {
  const dir = makeTempDir();
  const path = join(dir, 'ichat.db');
  const store = new SqliteStore(path);
  await store.migrate();
  try {
    const passwordHash = await hashPassword(PASSWORD);
    const ids = [];
    for (const name of ['ada', 'grace', 'bob']) {
      ids.push((await store.users.create({ email: `${name}@example.com`, username: name, passwordHash, createdAt: Date.now() })).id);
    }
    const [ada = 0, grace = 0, bob = 0] = ids;
    await fill(store, { ada, grace, bob });
  } finally {
    await store.close();
  }
  return path;
}

const text = (roomId: number, senderId: number, body: string, n: number): QueuedMessage => ({
  roomId,
  senderId,
  clientMsgId: `c-${roomId}-${n}`,
  text: body,
  createdAt: Date.now(),
});

// Each test runs the command several times, each a Node.js start, and migrates a fresh PostgreSQL database.
describe('ichat-server migrate', { timeout: 90_000 }, () => {
  it('copies a SQLite database that a server on PostgreSQL then serves: history, seqs, unread counts and sign-in', async () => {
    let direct = 0;
    let group = 0;
    const database = await sqliteDatabase(async (store, { ada, grace, bob }) => {
      direct = (await store.rooms.openDirect(ada, grace, Date.now())).roomId;
      group = await store.rooms.createGroup(ada, 'Team', [grace, bob], Date.now());
      const file = await store.attachments.create({
        uploaderId: ada,
        blobKey: 'a'.repeat(64),
        thumbnailKey: null,
        name: 'notes.pdf',
        type: 'application/pdf',
        size: 1234,
        width: null,
        height: null,
        createdAt: Date.now(),
      });
      await store.messages.append([
        text(direct, ada, 'Hello Grace, migration day', 1),
        text(direct, grace, 'Hello Ada', 2),
        text(direct, ada, 'A typo hre', 3),
        text(direct, ada, 'Secret words', 4),
        { ...text(direct, ada, 'The notes', 5), attachmentIds: [file.id] },
        text(group, bob, 'Hi team', 6),
      ]);
      await store.messages.edit(direct, 3, 'A typo here', Date.now());
      await store.messages.delete(direct, 4, Date.now());
      await store.messages.markRead(direct, grace, 1);
      await store.webhooks.addEndpoint({ url: 'https://example.com/hook', secret: 'hook secret', events: ['message.created'], createdAt: Date.now() });
      await store.messages.append([text(group, ada, 'Delivered to the hook too', 7)]);
      await createApiKey(store.apiKeys, 'site', Date.now());
    });
    const target = await emptyTarget('migrate');

    const run = await migrate(database, ['--to', target]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^copied \d+ \/ \d+ rows/m);
    expect(run.stdout).toContain('verify: OK');
    expect(run.stdout).toContain('Attachment files stay in');
    const counts = await query<{ messages: number; deliveries: number; keys: number; progress: string | null }>(
      target,
      `select (select count(*) from messages)::int as messages, (select count(*) from webhook_deliveries)::int as deliveries,
        (select count(*) from api_keys)::int as keys, to_regclass('ichat_copy_progress')::text as progress`,
    );
    expect(counts[0]).toEqual({ messages: 7, deliveries: 1, keys: 1, progress: null });

    // Its first start on a loaded machine (CI shares its cores) may take longer than the kit's 20 s.
    const server = await ServerProcess.start({ database: target, args: ['--secret', SECRET], readyTimeoutMs: 60_000 });
    onTestFinished(() => server.dispose());
    const grace = connect(server.url);
    await grace.login({ email: 'grace@example.com', password: PASSWORD });
    await grace.whenSynced();
    const chat = grace.chats.find((each) => each.roomId === direct);
    expect(chat).toMatchObject({ lastSeq: 5, readSeq: 1, unread: 2, changeSeq: 2 });
    const history = await grace.history(direct);
    expect(history.messages.map((message) => [message.seq, message.text, message.editedAt !== null, message.deleted])).toEqual([
      [1, 'Hello Grace, migration day', false, false],
      [2, 'Hello Ada', false, false],
      [3, 'A typo here', true, false],
      [4, '', false, true],
      [5, 'The notes', false, false],
    ]);
    expect(history.messages[4]?.attachments?.map((attachment) => attachment.name)).toEqual(['notes.pdf']);
    // The search index is rebuilt from the copied text; a deleted message's words are not in it.
    expect((await grace.search('migration')).hits.map((hit) => hit.message.seq)).toEqual([1]);
    expect((await grace.search('secret')).hits).toEqual([]);
    // New rows continue the seqs and the ids.
    const next = await grace.send(direct, 'First on PostgreSQL');
    expect(next.seq).toBe(6);
    const ids = await query<{ id: number }>(target, `select id::int from messages where seq = 6 and room_id = ${direct}`);
    expect(ids[0]?.id).toBe(8);
    const group2 = await grace.history(group);
    expect(group2.messages.map((message) => message.text)).toEqual(['Hi team', 'Delivered to the hook too']);
  });

  it('continues a copy killed midway, and finishes with the verification OK', async () => {
    const database = await sqliteDatabase(async (store, { ada, grace }) => {
      const room = (await store.rooms.openDirect(ada, grace, Date.now())).roomId;
      for (let batch = 0; batch < 30; batch++) {
        await store.messages.append(Array.from({ length: 1_000 }, (_, i) => text(room, i % 2 === 0 ? ada : grace, `message ${batch * 1_000 + i}`, batch * 1_000 + i)));
      }
    });
    const target = await emptyTarget('restart');
    const child = spawn(serverNode(), [SERVER_MAIN, 'migrate', '--database', database, '--to', target], { env: cleanEnv(), stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Killed once a batch of messages is committed, and before they all are.
    for (;;) {
      const rows = await query<{ through: number }>(
        target,
        `select copied_through::int as through from ichat_copy_progress where table_name = 'messages' and exists (select from pg_class where relname = 'ichat_copy_progress')`,
      ).catch(() => []);
      if ((rows[0]?.through ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGKILL');
    await exited;
    const copied = await query<{ count: number }>(target, 'select count(*)::int as count from messages');
    expect(copied[0]?.count).toBeGreaterThan(0);
    expect(copied[0]?.count).toBeLessThan(30_000);

    const again = await migrate(database, ['--to', target]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Continued an interrupted copy');
    expect(again.stdout).toContain('verify: OK, 30,006 rows');

    // A copy changed afterwards is caught by --verify, naming the row.
    await query(target, "update messages set text = 'changed' where id = 12345");
    const verify = await migrate(database, ['--to', target, '--verify']);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/^ichat-server: verify: .*messages: row id=12345 differs in text \(SQLite "message 12344", PostgreSQL "changed"\)\n$/);
  });

  it('refuses a target that holds other data, and bad input, with one line and a non-zero exit', async () => {
    const database = await sqliteDatabase(() => Promise.resolve());
    const used = await emptyTarget('used');
    const other = new PostgresStore(used);
    await other.migrate();
    await other.close();
    await query(used, "insert into users (email, username, password_hash, created_at) values ('x@example.com', 'x', 'h', 0)");
    const cases: [string[], RegExp][] = [
      [['--to', used], /already holds data \(table users has rows\)/],
      [['--to', 'mysql://db/ichat'], /--to must name a PostgreSQL database/],
      [['--to', 'postgres://postgres@127.0.0.1:1/ichat'], /--to names postgres:\/\/postgres@127\.0\.0\.1:1\/ichat, which cannot be reached/],
      [[], /Usage: ichat-server migrate --to/],
    ];
    for (const [args, error] of cases) {
      const run = await migrate(database, args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^ichat-server: .*${error.source}.*\\n$`));
    }
    const missing = await migrate(join(makeTempDir(), 'nothing.db'), ['--to', used]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^ichat-server: --database \/ DATABASE_URL names .*nothing\.db, which does not exist/);
  });

  it('refuses a SQLite database that a running server has open', async () => {
    const server = await TestServer.start();
    onTestFinished(() => server.dispose());
    await server.register('ada');
    const run = await migrate(server.databasePath, ['--to', await emptyTarget('running')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/which another process has open \(a running ichat-server\?\): stop the server first/);
  });
});
