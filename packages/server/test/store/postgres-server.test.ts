// The real server on PostgreSQL: started with DATABASE_URL=postgres://… on a fresh database, two SDK clients chat,
// the server restarts, and everything said is still there; and the one-line refusals of a database it cannot use.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, memoryStorage, type IChatClient } from '@ichat/sdk';
import { freePort, requireServerBuild, runServerCommand, ServerProcess } from '@ichat/test-kit';
import { createTestDatabase } from '@ichat/test-kit/postgres';
import WebSocket from 'ws';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { makeTempDir } from '../support/test-server.js';

const SECRET = 'a test secret that is long enough to sign with';

beforeAll(requireServerBuild);

function connect(url: string): IChatClient {
  const client = createClient({ url, WebSocket, storage: memoryStorage() });
  onTestFinished(() => client.close());
  return client;
}

describe('the server on PostgreSQL', () => {
  it('serves two SDK clients, and keeps their history across a restart', async () => {
    const database = await createTestDatabase('server');
    // Dropping a database makes PostgreSQL checkpoint, which can take a while on a busy machine.
    onTestFinished(() => database.drop(), 60_000);
    // A fixed port, so the clients find the restarted server where they left it.
    const server = await ServerProcess.start({ database: database.value, port: await freePort(), args: ['--secret', SECRET] });
    onTestFinished(() => server.dispose());
    const health: unknown = await (await fetch(`${server.url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', database: 'ok' });

    const ada = connect(server.url);
    const grace = connect(server.url);
    await ada.register({ email: 'ada@example.com', username: 'ada', password: 'correct horse battery' });
    await grace.register({ email: 'grace@example.com', username: 'grace', password: 'correct horse battery' });
    await Promise.all([ada.whenSynced(), grace.whenSynced()]);
    const chat = await ada.openDirect('grace');
    const arrived = new Promise((resolve) => grace.on('message', (message) => resolve(message)));
    const first = await ada.send(chat.roomId, 'Hello over PostgreSQL');
    expect(await arrived).toEqual(first);
    const reply = await grace.send(chat.roomId, 'Hello back');
    expect([first.seq, reply.seq]).toEqual([1, 2]);
    const found = await grace.search('postgresql');
    expect(found.hits.map((hit) => hit.message.text)).toEqual(['Hello over PostgreSQL']);

    await server.restart();
    await Promise.all([ada.whenSynced(), grace.whenSynced()]);
    const history = await grace.history(chat.roomId);
    expect(history.messages.map((message) => [message.seq, message.text])).toEqual([
      [1, 'Hello over PostgreSQL'],
      [2, 'Hello back'],
    ]);
    const after = await ada.send(chat.roomId, 'Still here');
    expect(after.seq).toBe(3);
  });

  it('carries uploads on messages, shares read receipts and stamps edits with the change seq', async () => {
    const database = await createTestDatabase('rich');
    onTestFinished(() => database.drop());
    const server = await ServerProcess.start({ database: database.value, args: ['--secret', SECRET] });
    onTestFinished(() => server.dispose());
    const ada = connect(server.url);
    const grace = connect(server.url);
    await ada.register({ email: 'ada@example.com', username: 'ada', password: 'correct horse battery' });
    const graceId = (await grace.register({ email: 'grace@example.com', username: 'grace', password: 'correct horse battery' })).user.id;
    await Promise.all([ada.whenSynced(), grace.whenSynced()]);
    const chat = await ada.openDirect('grace');

    const file = await ada.upload(new TextEncoder().encode('notes over PostgreSQL'), { name: 'notes.txt', type: 'text/plain' });
    const sent = await ada.send(chat.roomId, 'See attached', { attachments: [file] });
    expect(sent.attachments?.map((attachment) => [attachment.id, attachment.name])).toEqual([[file.id, 'notes.txt']]);
    // The file is kept in the working directory's attachments/ (the URL is no folder), and served to the other member.
    expect(readdirSync(join(server.dir, 'attachments'))).not.toHaveLength(0);
    const [link] = await grace.attachmentLinks([file.id]);
    expect(await (await fetch(link?.url ?? '')).text()).toBe('notes over PostgreSQL');
    expect((await grace.history(chat.roomId)).messages[0]?.attachments).toEqual(sent.attachments);

    const receipt = new Promise((resolve) => ada.on('receipt', (event) => resolve(event)));
    await grace.markRead(chat.roomId, sent.seq);
    expect(await receipt).toEqual({ roomId: chat.roomId, userId: graceId, readSeq: sent.seq });
    expect(await ada.receipts(chat.roomId)).toEqual([{ userId: graceId, readSeq: sent.seq }]);
    await grace.shareReceipts(false);
    expect(await ada.receipts(chat.roomId)).toEqual([]);

    const edited = await ada.edit(chat.roomId, sent.seq, 'See attached, fixed');
    expect(edited).toMatchObject({ changeSeq: 1, attachments: sent.attachments });
    expect((await ada.delete(chat.roomId, sent.seq)).changeSeq).toBe(2);
  });

  it('refuses to start, in one line, when PostgreSQL cannot be reached', async () => {
    const port = await freePort();
    const run = await runServerCommand([], {
      cwd: makeTempDir(),
      env: { DATABASE_URL: `postgres://ichat:hunter2@127.0.0.1:${port}/ichat`, SECRET_KEY: SECRET },
      timeoutMs: 20_000,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ichat-server: [^\n]+\n$/);
    expect(run.stderr).toContain(`--database / DATABASE_URL names postgres://ichat:***@127.0.0.1:${port}/ichat, which cannot be reached`);
    expect(run.stderr).not.toContain('hunter2');
  });

  it('refuses to start on PostgreSQL without a configured secret', async () => {
    const run = await runServerCommand([], { cwd: makeTempDir(), env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }, timeoutMs: 20_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--secret / SECRET_KEY must be set when DATABASE_URL names PostgreSQL');
  });

  it('refuses `ichat-server backup`, naming pg_dump', async () => {
    const database = await createTestDatabase('backup');
    // Dropping a database makes PostgreSQL checkpoint, which can take a while on a busy machine.
    onTestFinished(() => database.drop(), 60_000);
    const run = await runServerCommand(['backup', 'copy.db'], {
      cwd: makeTempDir(),
      env: { DATABASE_URL: database.value, SECRET_KEY: SECRET },
      timeoutMs: 20_000,
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('pg_dump');
  });
});
