// Backup under load: `ichat-server backup` runs while clients keep sending; a server started on the copy must hold
// every message acknowledged before the backup began, pass SQLite's integrity check, and carry on from there.

import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { registerUser, requireServerBuild } from '@ichat/test-kit';
import { beforeAll, expect, it, onTestFinished } from 'vitest';
import { sleep, within } from '../support/wait.js';
import { scratchDir, startFaultServer, STEP_MS } from './fault-server.js';
import { Ledger } from './ledger.js';
import { LoadClient, pump, type Sender } from './load-client.js';
import { integrityCheck, readDatabase } from './stored-rows.js';

/** Acks before the backup starts: enough pages that copying them takes many steps of SQLite's online backup. */
const ACKS_BEFORE_BACKUP = 3000;

beforeAll(requireServerBuild);

it('restores a backup taken under load into a working server holding every message acknowledged before it began', async () => {
  const started = performance.now();
  const restoreDir = scratchDir();
  const server = await startFaultServer();
  onTestFinished(() => server.dispose());
  const ada = await registerUser(server.url, 'ada');
  const bob = await registerUser(server.url, 'bob');
  const setup = await LoadClient.open(server.wsUrl, ada.token);
  const roomId = (await setup.request('room.open_direct', { with: bob.user.username })).chat.roomId;
  await setup.close();

  // Half a kilobyte a message: the database passes a megabyte, hundreds of pages, before the backup starts.
  const padding = ` ${'p'.repeat(500)}`;
  const senders: Sender[] = [
    { account: ada, rooms: [roomId], padding },
    { account: bob, rooms: [roomId], padding },
  ];
  const ledger = new Ledger();
  const refusals: string[] = [];
  const stop = { done: false };
  const clients = await Promise.all(senders.map((sender) => LoadClient.open(server.wsUrl, sender.account.token)));
  const pumps = Promise.all(senders.map((sender, i) => {
    const client = clients[i];
    return client === undefined ? Promise.resolve() : pump(client, sender, ledger, stop, refusals);
  }));
  await within((async () => {
    while (ledger.acked.length < ACKS_BEFORE_BACKUP) await sleep(10);
  })(), `${ACKS_BEFORE_BACKUP} acknowledgements before the backup`, STEP_MS);

  // Named as the server names its database, so a server can start on the copy where it lands.
  const copy = join(restoreDir, 'ichat.db');
  const backupStarted = performance.now();
  const run = await server.command(['backup', copy]);
  const backupSeconds = (performance.now() - backupStarted) / 1000;
  const ackedDuringBackup = ledger.acked.filter((sent) => (sent.ackedAt ?? 0) >= backupStarted).length;
  expect(run, run.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^Backed up the database to ${copy}\\nBacked up \\d+ new attachment files to `)) });
  stop.done = true;
  await within(pumps, 'the clients to stop', STEP_MS);
  expect(refusals).toEqual([]);
  // The load really overlapped the backup, so the copy was taken from a database being written.
  expect(ackedDuringBackup).toBeGreaterThan(0);
  expect(await server.stop()).toBe(0);

  expect(existsSync(`${copy}.partial`)).toBe(false);
  expect(integrityCheck(copy)).toEqual(['ok']);
  // Without SECRET_KEY the tokens are signed with the data folder's secret.key, which a restore brings along.
  copyFileSync(join(server.dir, 'secret.key'), join(restoreDir, 'secret.key'));
  const restored = await startFaultServer({ dir: restoreDir });
  onTestFinished(() => restored.dispose());
  const client = await LoadClient.open(restored.wsUrl, ada.token);
  const after = await client.send(roomId, 'after-restore', 'written to the restored server');
  if (after.kind !== 'acked') throw new Error(`The restored server did not store a new message: ${after.kind}`);

  // What the copy must hold: everything acknowledged before the backup began. Later acks may or may not be in it.
  const mustHold = new Ledger();
  for (const sent of ledger.sends.values()) {
    const before = sent.ackedAt !== undefined && sent.ackedAt < backupStarted;
    mustHold.add(before ? { ...sent } : { senderId: sent.senderId, roomId: sent.roomId, clientMsgId: sent.clientMsgId, text: sent.text });
  }
  mustHold.add({ senderId: ada.user.id, roomId, clientMsgId: 'after-restore', text: 'written to the restored server', seq: after.message.seq });
  const { messages, lastSeqs } = readDatabase(copy);
  expect(mustHold.check(messages, lastSeqs)).toEqual([]);
  await client.close();
  expect(await restored.stop()).toBe(0);

  const ackedBefore = mustHold.acked.length - 1;
  console.info(
    `backup: ${ackedBefore} messages acknowledged before the backup all restored, ${ackedDuringBackup} more acknowledged ` +
      `while it ran (${messages.length - 1 - ackedBefore} of all later ones in the copy); backup ${backupSeconds.toFixed(2)} s, ` +
      `test ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}, 60_000);
