// The word list on a running server: sends and edits, over the socket and the server API, refused or masked; a list
// the server cannot use stops the start.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTES } from '@ichat/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadWordFilter } from '../../src/moderation/load-word-filter.js';
import { apiKey, call, HOST_FLAGS, hostUser, ok } from '../server-api/support.js';
import { openDirect, person, sendText } from '../support/chat.js';
import { makeTempDir, TestServer, uniqueNames } from '../support/test-server.js';

const dir = makeTempDir();
const listPath = join(dir, 'words.txt');
writeFileSync(listPath, 'darn\nre:fr[e3]+k\n');
const nextName = uniqueNames('wl');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serverWith(action: 'block' | 'mask'): Promise<TestServer> {
  return TestServer.start({ ...HOST_FLAGS, 'word-list': listPath, 'word-list-action': action });
}

describe('a blocking word list', () => {
  let server: TestServer;
  afterAll(async () => server.dispose());

  it('refuses a send and an edit with message_rejected and stores neither', async () => {
    server = await serverWith('block');
    const ada = await person(server, nextName());
    const bob = await person(server, nextName());
    const { roomId } = await openDirect(ada.client, bob.user);
    const fine = await sendText(ada.client, roomId, 'all good');
    const stored = server.db.count('messages');
    expect(await ada.client.refused('message.send', { roomId, clientMsgId: 'x1', text: 'well DARN' })).toMatchObject({
      code: 'message_rejected',
      field: 'text',
    });
    expect(await ada.client.refused('message.edit', { roomId, seq: fine.seq, text: 'fr33k' })).toMatchObject({ code: 'message_rejected' });
    expect(server.db.count('messages')).toBe(stored);
    expect((await ada.client.request('history', { roomId })).messages.map((message) => message.text)).toEqual(['all good']);
  });

  it('refuses a user\'s message posted through the server API, and lets the site\'s system messages through', async () => {
    const key = await apiKey(server);
    await hostUser(server, 'wl-api-1');
    await hostUser(server, 'wl-api-2');
    const { room } = await ok(call(server, ROUTES.serverCreateRoom, key, { body: { kind: 'direct', members: ['wl-api-1', 'wl-api-2'] } }), ROUTES.serverCreateRoom);
    const params = { roomId: String(room.id) };
    const refused = await call(server, ROUTES.serverPostMessage, key, { params, body: { sender: 'wl-api-1', clientMsgId: 'a', text: 'darn' } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: { code: 'message_rejected' } });
    await ok(call(server, ROUTES.serverPostMessage, key, { params, body: { clientMsgId: 'b', text: 'darn, said the system' } }), ROUTES.serverPostMessage);
  });
});

describe('a masking word list', () => {
  let server: TestServer;
  afterAll(async () => server.dispose());

  it('stores and delivers the masked text, for sends and edits', async () => {
    server = await serverWith('mask');
    const ada = await person(server, nextName());
    const bob = await person(server, nextName());
    const { roomId } = await openDirect(ada.client, bob.user);
    const sent = await sendText(ada.client, roomId, 'darn it');
    expect(sent.text).toBe('**** it');
    expect((await bob.client.event('message', (event) => event.message.id === sent.id)).message.text).toBe('**** it');
    const { message } = await ada.client.request('message.edit', { roomId, seq: sent.seq, text: 'so freeek' });
    expect(message.text).toBe('so ******');
  });
});

describe('a word list the server cannot use', () => {

  it.each([
    ['a missing file', join(dir, 'missing.txt'), /cannot be read \(ENOENT\)/],
    ['an invalid pattern', 'bad', /line 2 is not a valid regular expression/],
    ['an empty list', 'empty', /lists no word or pattern/],
  ])('stops the start with one line naming the option, for %s', (_what, which, why) => {
    let path = which;
    if (which === 'bad') writeFileSync((path = join(dir, 'bad.txt')), 'fine\nre:(oops\n');
    if (which === 'empty') writeFileSync((path = join(dir, 'empty.txt')), '# nothing yet\n\n');
    const config = loadConfig({ 'word-list': path }, {});
    expect(() => loadWordFilter(config)).toThrow(expect.objectContaining({ code: 'validation_failed', message: expect.stringMatching(why) }));
    expect(() => loadWordFilter(config)).toThrow(/^--word-list \/ ICHAT_WORD_LIST names/);
  });

  it('refuses an action other than block or mask', () => {
    expect(() => loadConfig({ 'word-list-action': 'shout' }, {})).toThrow(/--word-list-action \/ ICHAT_WORD_LIST_ACTION must be one of block, mask/);
  });
});
