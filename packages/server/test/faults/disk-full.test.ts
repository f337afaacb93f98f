// Disk full: the database's filesystem is a small tmpfs that the test fills to the last byte. Writes must be refused
// with a retryable `unavailable` that says so, nothing acknowledged may be lost, reads and sockets keep working, and
// everything recovers by itself once space returns.

import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { IChatError } from '@ichat/protocol';
import { registerUser, requireServerBuild, type ServerProcess } from '@ichat/test-kit';
import { beforeAll, describe, expect, it, onTestFinished, type TestContext } from 'vitest';
import { CommitQueue } from '../../src/chat/commit-queue.js';
import type { QueuedMessage } from '../../src/store/contract/store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { sleep, within } from '../support/wait.js';
import { health, startFaultServer, STEP_MS } from './fault-server.js';
import { Ledger, type Sent } from './ledger.js';
import { LoadClient } from './load-client.js';
import { integrityCheck, readDatabase } from './stored-rows.js';
import { fillDisk, mountTmpfs } from './tmpfs.js';

/** Big enough for a server's database, log and secret.key; small enough to fill in a moment. */
const DISK_BYTES = 16 * 1024 * 1024;
/** A long message fills the log quickly once the disk is full. */
const LONG_TEXT = 'x'.repeat(2000);
/** A bound on the sends a full disk may still take (the log reuses space it already has) before refusing. */
const MAX_SENDS_WHILE_FULL = 3000;

beforeAll(requireServerBuild);

/** A mounted tmpfs for this test, unmounted after it (after `close`, which must release its files first). */
function smallDisk(context: TestContext, close: () => Promise<void> = () => Promise.resolve()): string {
  const mounted = mountTmpfs(DISK_BYTES);
  if ('skip' in mounted) return context.skip(mounted.skip);
  onTestFinished(async () => {
    await close();
    mounted.unmount();
  });
  return mounted.dir;
}

function isStorageFull(error: unknown): boolean {
  return error instanceof IChatError && error.code === 'unavailable' && error.retryable && /storage is full/i.test(error.message);
}

/** A store on a fresh database in `dir`, with two users and the direct room between them. */
async function storeWithRoom(dir: string, checkpoints?: string[]): Promise<{ store: SqliteStore; roomId: number; senderId: number }> {
  const options =
    checkpoints === undefined
      ? {}
      : { backgroundCheckpoints: { onError: (message: string) => checkpoints.push(message), onResumed: () => checkpoints.push('resumed') } };
  const store = new SqliteStore(join(dir, 'ichat.db'), options);
  await store.migrate();
  const ada = await store.users.create({ email: 'ada@example.test', username: 'ada', passwordHash: 'h', createdAt: 1 });
  const bob = await store.users.create({ email: 'bob@example.test', username: 'bob', passwordHash: 'h', createdAt: 1 });
  const { roomId } = await store.rooms.openDirect(ada.id, bob.id, 1);
  return { store, roomId, senderId: ada.id };
}

function batchOf(roomId: number, senderId: number, size: number): QueuedMessage[] {
  return Array.from({ length: size }, () => ({ roomId, senderId, clientMsgId: randomUUID(), text: LONG_TEXT, createdAt: 2 }));
}

describe('the store on a full disk', () => {
  it('refuses a commit that finds no space as retryable, stores none of its batch, and commits again once space returns', async (context) => {
    const live: { store?: SqliteStore } = {};
    const dir = smallDisk(context, async () => live.store?.close());
    const { store, roomId, senderId } = await storeWithRoom(dir);
    live.store = store;
    await store.messages.append(batchOf(roomId, senderId, 3));
    expect(await store.writes()).toBe('ok');

    const filler = fillDisk(dir, DISK_BYTES);
    let refused: { batch: QueuedMessage[]; error: unknown } | undefined;
    let stored = 3;
    for (let attempt = 0; attempt < MAX_SENDS_WHILE_FULL && refused === undefined; attempt++) {
      const batch = batchOf(roomId, senderId, 20);
      // Wrapped, so a store that throws before returning its promise is caught like one that rejects.
      await (async () => store.messages.append(batch))().then(
        () => (stored += batch.length),
        (error: unknown) => (refused = { batch, error }),
      );
    }
    if (refused === undefined) throw new Error(`The full disk took ${MAX_SENDS_WHILE_FULL} batches`);
    expect(isStorageFull(refused.error), String(refused.error)).toBe(true);
    expect(await store.writes()).toBe('full');

    // SQLite rolled the transaction back: nothing of the refused batch, the room's seq where it was, reads working.
    expect((await store.rooms.find(roomId))?.lastSeq).toBe(stored);
    const page = await store.messages.history(roomId, { limit: 3 });
    expect(page.messages.map((message) => message.seq)).toEqual([stored - 2, stored - 1, stored]);
    expect(await store.chats.list(senderId)).toHaveLength(1);

    rmSync(filler);
    // The refusal cleared the way: the very batch refused before is stored now, once, right after the others.
    const results = await store.messages.append(refused.batch);
    expect(results.map((result) => [result.duplicate, result.message.seq])).toEqual(refused.batch.map((_, i) => [false, stored + i + 1]));
    expect(await store.writes()).toBe('ok');
    const { messages, lastSeqs } = readDatabase(join(dir, 'ichat.db'));
    expect(messages.map((message) => message.seq)).toEqual(Array.from({ length: stored + 20 }, (_, i) => i + 1));
    expect(lastSeqs.get(roomId)).toBe(stored + 20);
  });

  it('rejects every message of a group commit refused for lack of space, in one try, and acknowledges none', async (context) => {
    const live: { store?: SqliteStore } = {};
    const dir = smallDisk(context, async () => live.store?.close());
    const { store, roomId, senderId } = await storeWithRoom(dir);
    live.store = store;
    let appends = 0;
    const append = store.messages.append.bind(store.messages);
    store.messages.append = (batch) => {
      appends++;
      return append(batch);
    };
    const commits = new CommitQueue(store, () => undefined);
    fillDisk(dir, DISK_BYTES);

    // Queued in one turn, so they form one group commit; sent until a whole group is refused.
    for (let round = 0; round < MAX_SENDS_WHILE_FULL / 50; round++) {
      appends = 0;
      const outcomes = await Promise.allSettled(batchOf(roomId, senderId, 50).map((message) => commits.enqueue(message)));
      if (outcomes.every((outcome) => outcome.status === 'fulfilled')) continue;
      expect(outcomes.every((outcome) => outcome.status === 'rejected' && isStorageFull(outcome.reason))).toBe(true);
      // One refused transaction, not fifty retries of one message each, each of which would fail the same way.
      expect(appends).toBe(1);
      return;
    }
    throw new Error('The full disk never refused a group commit');
  });

  it('reports a failing checkpoint once, not at every attempt, and its recovery', async (context) => {
    const errors: string[] = [];
    const live: { store?: SqliteStore } = {};
    const dir = smallDisk(context, async () => live.store?.close());
    const { store, roomId, senderId } = await storeWithRoom(dir, errors);
    live.store = store;
    const filler = fillDisk(dir, DISK_BYTES);
    // Messages the log still has room for, which the checkpointer cannot copy into a database file that cannot grow.
    for (let attempt = 0; attempt < 50; attempt++) await (async () => store.messages.append(batchOf(roomId, senderId, 5)))().catch(() => undefined);
    await within((async () => {
      while (errors.length === 0) await sleep(20);
    })(), 'the checkpointer to report the full disk', STEP_MS);
    // Checkpoints run every 200 ms: a second of failures is five attempts, reported once.
    await sleep(1000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/full/);
    rmSync(filler);
    await within((async () => {
      while (errors.length < 2) await sleep(20);
    })(), 'the checkpointer to report that checkpoints resumed', STEP_MS);
    expect(errors[1]).toBe('resumed');
  });
});

describe('the server on a full disk', () => {
  it('refuses sends with a retryable unavailable, keeps reads and sockets, reports it on /healthz, and recovers by itself', async (context) => {
    const live: { server?: ServerProcess } = {};
    const dir = smallDisk(context, async () => {
      await live.server?.kill();
    });
    const server = await startFaultServer({ dir });
    live.server = server;
    const database = server.databasePath;
    const ada = await registerUser(server.url, 'ada');
    const bob = await registerUser(server.url, 'bob');
    const client = await LoadClient.open(server.wsUrl, ada.token);
    const roomId = (await client.request('room.open_direct', { with: bob.user.username })).chat.roomId;
    const ledger = new Ledger();
    const send = async (): Promise<Awaited<ReturnType<LoadClient['send']>>> => {
      const sent: Sent = { senderId: ada.user.id, roomId, clientMsgId: randomUUID(), text: LONG_TEXT };
      ledger.add(sent);
      const outcome = await client.send(roomId, sent.clientMsgId, sent.text);
      if (outcome.kind === 'acked') sent.seq = outcome.message.seq;
      return outcome;
    };
    for (let i = 0; i < 5; i++) expect((await send()).kind).toBe('acked');

    const filler = fillDisk(dir, DISK_BYTES);
    let refusal: IChatError | undefined;
    let takenWhileFull = 0;
    for (let attempt = 0; attempt < MAX_SENDS_WHILE_FULL && refusal === undefined; attempt++) {
      const outcome = await send();
      if (outcome.kind === 'refused') refusal = outcome.error;
      else expect(outcome.kind).toBe('acked');
      if (outcome.kind === 'acked') takenWhileFull++;
    }
    if (refusal === undefined) throw new Error(`The full disk took ${MAX_SENDS_WHILE_FULL} sends`);
    expect(isStorageFull(refusal), `${refusal.code}: ${refusal.message}`).toBe(true);
    // Refused again while the disk stays full: the server does not give up on writes, nor pretend they work.
    expect((await send()).kind).toBe('refused');

    expect(await health(server.url)).toEqual({ status: 503, database: 'full', overall: 'degraded' });
    // Reads need no space: history, the chat list and a new socket's sign-in all answer, on the same server.
    expect((await client.request('history', { roomId, limit: 3 })).messages).toHaveLength(3);
    expect((await client.request('chats.list', {})).chats).toHaveLength(1);
    const reader = await LoadClient.open(server.wsUrl, bob.token);
    expect((await reader.request('history', { roomId, limit: 1 })).messages).toHaveLength(1);
    expect(client.isOpen && reader.isOpen).toBe(true);

    rmSync(filler);
    expect(await health(server.url)).toEqual({ status: 200, database: 'ok', overall: 'ok' });
    // The first send after space returns is stored: no restart, no operator.
    expect((await send()).kind).toBe('acked');
    for (const sent of ledger.unacked) {
      const outcome = await client.send(sent.roomId, sent.clientMsgId, sent.text);
      if (outcome.kind !== 'acked' || outcome.duplicate) throw new Error(`The refused ${sent.clientMsgId} was not stored on resend`);
      sent.seq = outcome.message.seq;
    }

    await client.close();
    await reader.close();
    expect(await server.stop()).toBe(0);
    const { messages, lastSeqs } = readDatabase(database);
    expect(ledger.check(messages, lastSeqs)).toEqual([]);
    expect(messages).toHaveLength(ledger.sends.size);
    expect(integrityCheck(database)).toEqual(['ok']);
    console.info(
      `disk full: ${takenWhileFull} sends stored in the log's spare room, then refused; ` +
        `${ledger.acked.length} acknowledged messages checked`,
    );
  });
});
