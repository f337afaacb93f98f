// Blocks, reports and the word list through the SDK against a real server: typed errors on every refused path, and
// the events an app reacts to.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IChatError } from '../src/index.js';
import { connectClient, nextEvent, type TestClient } from './support/fixtures.js';
import { useSharedServer } from './support/shared-server.js';

const dir = mkdtempSync(join(tmpdir(), 'ichat-sdk-words-'));
const words = join(dir, 'words.txt');
writeFileSync(words, 'darn\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = useSharedServer(['ada', 'grace', 'linus', 'mallory'], ['--word-list', words]);

async function connect(name: string): Promise<TestClient> {
  const client = await connectClient(env.server, env.user(name));
  env.track(client);
  return client;
}

async function refusal(work: Promise<unknown>): Promise<IChatError> {
  const error: unknown = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof IChatError)) throw new Error(`expected an IChatError, got ${String(error)}`);
  return error;
}

describe('blocking through the SDK', () => {
  it('blockUser refuses the blocked user\'s sends with `blocked`, lists the block, tells other devices, and unblocks', async () => {
    const ada = await connect('ada');
    const adaPhone = await connect('ada');
    const mallory = await connect('mallory');
    const chat = await ada.client.openDirect(env.user('mallory').username);
    await ada.client.send(chat.roomId, 'hello');

    const told = nextEvent(adaPhone.client, 'user.blocks');
    await ada.client.blockUser(env.user('mallory').id);
    expect(await told).toEqual({ userId: env.user('mallory').id, blocked: true });
    expect((await ada.client.blockedUsers()).map((user) => user.id)).toEqual([env.user('mallory').id]);

    const error = await refusal(mallory.client.send(chat.roomId, 'let me in'));
    expect(error).toMatchObject({ code: 'blocked', status: 403 });
    expect(mallory.client.pending).toEqual([]);
    expect((await refusal(mallory.client.typing(chat.roomId))).code).toBe('blocked');

    await ada.client.unblockUser(env.user('mallory').id);
    expect(await ada.client.blockedUsers()).toEqual([]);
    await mallory.client.send(chat.roomId, 'thanks');
  });

  it('refuses a new direct chat with someone who blocked you', async () => {
    const grace = await connect('grace');
    const linus = await connect('linus');
    await grace.client.blockUser(env.user('linus').id);
    expect((await refusal(linus.client.openDirect(env.user('grace').username))).code).toBe('blocked');
    await grace.client.unblockUser(env.user('linus').id);
  });
});

describe('reporting through the SDK', () => {
  it('reportMessage answers one report id per open report, and refuses your own message', async () => {
    const grace = await connect('grace');
    const mallory = await connect('mallory');
    const chat = await mallory.client.openDirect(env.user('grace').username);
    const message = await mallory.client.send(chat.roomId, 'cheap pills');
    const first = await grace.client.reportMessage(chat.roomId, message.seq, 'spam', 'again');
    expect(first.reportId).toEqual(expect.any(Number));
    expect(await grace.client.reportMessage(chat.roomId, message.seq, 'spam')).toEqual(first);
    expect(await refusal(mallory.client.reportMessage(chat.roomId, message.seq, 'spam'))).toMatchObject({ code: 'validation_failed', field: 'seq' });
  });
});

describe('the word list through the SDK', () => {
  it('rejects a send with message_rejected, which does not stay pending', async () => {
    const linus = await connect('linus');
    const chat = await linus.client.openDirect(env.user('ada').username);
    const failed = nextEvent(linus.client, 'send.failed');
    const error = await refusal(linus.client.send(chat.roomId, 'oh darn'));
    expect(error).toMatchObject({ code: 'message_rejected', status: 422, field: 'text' });
    expect(error.message).not.toContain('darn');
    expect((await failed).error.code).toBe('message_rejected');
    expect(linus.client.pending).toEqual([]);
  });
});
