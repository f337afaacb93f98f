// Crash: the server is killed with SIGKILL under load, again and again, and restarted on the same files; the
// database must hold every acknowledged message once, in contiguous seqs, and take unanswered resends idempotently.

import { type Account, registerUser, requireServerBuild, type ServerProcess } from '@ichat/test-kit';
import { beforeAll, expect, it, onTestFinished } from 'vitest';
import { sleep, within } from '../support/wait.js';
import { startFaultServer, STEP_MS } from './fault-server.js';
import { Ledger } from './ledger.js';
import { LoadClient, pump, type Sender } from './load-client.js';
import { integrityCheck, readDatabase } from './stored-rows.js';

/** Kills per run: each lands at a random moment of a burst of sends. */
const KILLS = 5;
/** Acks each round waits for before it picks its moment to kill, so every kill lands under load. */
const ACKS_BEFORE_KILL = 60;

beforeAll(requireServerBuild);

/** Figures for the summary line the run prints (they go into docs/reliability.md). */
interface Figures {
  acked: number;
  unknown: number;
  resentFoundStored: number;
  resentStoredNow: number;
}

/**
 * After a restart: every send whose answer the kill swallowed is sent again. One the server had stored must come back
 * as a duplicate with the seq it was stored under; one it had not is stored now, once.
 */
async function resendUnanswered(server: ServerProcess, senders: Sender[], ledger: Ledger, figures: Figures): Promise<void> {
  const stored = new Map(readDatabase(server.databasePath).messages.map((row) => [row.clientMsgId, row]));
  for (const sender of senders) {
    const mine = ledger.unacked.filter((sent) => sent.senderId === sender.account.user.id);
    if (mine.length === 0) continue;
    const client = await LoadClient.open(server.wsUrl, sender.account.token);
    for (const sent of mine) {
      const before = stored.get(sent.clientMsgId);
      const outcome = await client.send(sent.roomId, sent.clientMsgId, sent.text);
      if (outcome.kind !== 'acked') throw new Error(`The resend of ${sent.clientMsgId} was not acknowledged: ${outcome.kind}`);
      if (before === undefined) {
        expect(outcome.duplicate, `${sent.clientMsgId} was not stored, so its resend stores it`).toBe(false);
        figures.resentStoredNow++;
      } else {
        expect(outcome, `${sent.clientMsgId} was stored before the kill`).toMatchObject({ duplicate: true, message: { seq: before.seq } });
        figures.resentFoundStored++;
      }
      sent.seq = outcome.message.seq;
    }
    await client.close();
  }
}

it('keeps every acknowledged message, once and in contiguous seqs, across repeated SIGKILLs under load', async () => {
  const started = performance.now();
  const server = await startFaultServer();
  onTestFinished(() => server.dispose());
  const database = server.databasePath;

  // Four people in one group, and two direct rooms: each client writes to two rooms that others write to as well.
  const names = ['ada', 'bob', 'cyd', 'dee'];
  const accounts: Account[] = [];
  for (const name of names) accounts.push(await registerUser(server.url, name));
  const [ada, bob, cy, dee] = accounts;
  if (ada === undefined || bob === undefined || cy === undefined || dee === undefined) throw new Error('Registration failed');
  const adaClient = await LoadClient.open(server.wsUrl, ada.token);
  const group = (await adaClient.request('room.create_group', { name: 'everyone', members: [bob.user.username, cy.user.username, dee.user.username] })).chat.roomId;
  const adaBob = (await adaClient.request('room.open_direct', { with: bob.user.username })).chat.roomId;
  await adaClient.close();
  const cyClient = await LoadClient.open(server.wsUrl, cy.token);
  const cyDee = (await cyClient.request('room.open_direct', { with: dee.user.username })).chat.roomId;
  await cyClient.close();
  const senders: Sender[] = [
    { account: ada, rooms: [group, adaBob] },
    { account: bob, rooms: [group, adaBob] },
    { account: cy, rooms: [group, cyDee] },
    { account: dee, rooms: [group, cyDee] },
  ];

  const ledger = new Ledger();
  const figures: Figures = { acked: 0, unknown: 0, resentFoundStored: 0, resentStoredNow: 0 };
  const refusals: string[] = [];
  for (let round = 1; round <= KILLS; round++) {
    const clients = await Promise.all(senders.map((sender) => LoadClient.open(server.wsUrl, sender.account.token)));
    const stop = { done: false };
    const ackedBefore = ledger.acked.length;
    const pumps = Promise.all(senders.map((sender, index) => {
      const client = clients[index];
      return client === undefined ? Promise.resolve() : pump(client, sender, ledger, stop, refusals);
    }));
    await within(
      (async () => {
        while (ledger.acked.length - ackedBefore < ACKS_BEFORE_KILL) await sleep(5);
      })(),
      `${ACKS_BEFORE_KILL} acknowledgements in round ${round}`,
      STEP_MS,
    );
    // A random moment within the next commits, so kills land before, during and after fsyncs.
    await sleep(Math.floor(Math.random() * 300));
    await server.kill();
    stop.done = true;
    await within(pumps, `the clients of round ${round} to notice the kill`, STEP_MS);
    figures.unknown += ledger.unacked.length;

    await server.restart();
    await resendUnanswered(server, senders, ledger, figures);
    const { messages, lastSeqs } = readDatabase(database);
    expect(ledger.check(messages, lastSeqs), `the database after kill ${round}`).toEqual([]);
  }

  expect(await server.stop()).toBe(0);
  const { messages, lastSeqs } = readDatabase(database);
  expect(ledger.check(messages, lastSeqs)).toEqual([]);
  // Every send was acknowledged in the end (first time or on resend), so the database holds exactly the ledger.
  expect(messages.length).toBe(ledger.sends.size);
  expect(integrityCheck(database)).toEqual(['ok']);
  expect(refusals).toEqual([]);
  figures.acked = ledger.acked.length;

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.info(
    `crash: ${KILLS} SIGKILLs, ${figures.acked} acknowledged messages checked, ${figures.unknown} unanswered sends resent ` +
      `(${figures.resentFoundStored} found stored, ${figures.resentStoredNow} stored on resend), ${seconds} s`,
  );
}, 60_000);
