// Missed-message e-mails, read from what a real SMTP server received: batching, the delays, nothing for messages read
// elsewhere or for users who turned e-mail off, and the one-click unsubscribe.

import { describe, expect, it } from 'vitest';
import { unsubscribeToken } from '../../src/email/links.js';
import { openDirect, createGroup, sendText } from '../support/chat.js';
import { apiError } from '../support/http.js';
import { linkToken, type ReceivedMail } from '@ichat/test-kit/mailbox';
import { uniqueNames, type TestServer, type TestUser } from '../support/test-server.js';
import { sleep } from '../support/wait.js';
import { EMAIL_TEST_SECRET, useEmailServer } from './email-fixture.js';

// Offline users are e-mailed a second after a message; connected ones only after a minute (longer than any test).
const env = useEmailServer({ 'email-offline-delay-seconds': '1', 'email-unread-delay-seconds': '60' });
const name = uniqueNames('digest');
/** Longer than the offline delay and a scan or two: an e-mail that was going to come has come. */
const PAST_DELAY_MS = 1800;

/** A password account whose address is verified through the link it was e-mailed (its first e-mail). */
async function verifiedUser(server: TestServer): Promise<TestUser> {
  const user = await server.register(name());
  const token = linkToken(await env.mailbox.nth(user.email), '/account/verify');
  expect((await server.http('/api/v1/auth/verify-email', { body: { token } })).status).toBe(204);
  return user;
}

/** The missed-message e-mails `user` received so far (everything after the verification e-mail). */
function digestsOf(user: TestUser): ReceivedMail[] {
  return env.mailbox.for(user.email).filter((mail) => mail.raw.has('list-unsubscribe'));
}

describe('missed-message e-mails', () => {
  it('tells an offline user of every room in one e-mail, once the delay has passed, with safe HTML', async () => {
    const ada = await verifiedUser(env.server);
    const grace = await env.server.register(name());
    const client = await env.server.signIn(grace);
    const direct = await openDirect(client, ada);
    const group = await createGroup(client, 'Analytical engines', [ada]);
    const sentAt = Date.now();
    for (const text of ['first', 'second', 'third']) await sendText(client, direct.roomId, text);
    await sendText(client, group.roomId, '<b>bold</b> & "quoted"');
    await sendText(client, group.roomId, 'last');

    await sleep(Math.max(0, sentAt + 600 - Date.now()));
    expect(digestsOf(ada)).toEqual([]);
    const mail = await env.mailbox.nth(ada.email, 2);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1000);
    expect(mail.subject).toBe('5 unread messages in 2 chats');
    for (const text of ['first', 'second', 'third', '<b>bold</b> & "quoted"', 'last', 'Analytical engines', grace.username]) {
      expect(mail.text).toContain(text);
    }
    expect(mail.html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
    expect(mail.html).not.toContain('<b>bold</b>');
    expect(mail.text).toContain(env.server.url);

    await sleep(PAST_DELAY_MS);
    expect(digestsOf(ada)).toHaveLength(1);
  });

  it('waits while the user is connected, and e-mails once they go offline', async () => {
    const ada = await verifiedUser(env.server);
    const adaSocket = await env.server.signIn(ada);
    const grace = await env.server.register(name());
    const client = await env.server.signIn(grace);
    const direct = await openDirect(client, ada);
    await sendText(client, direct.roomId, 'are you there?');
    await sleep(PAST_DELAY_MS);
    expect(digestsOf(ada)).toEqual([]);

    await adaSocket.close();
    const mail = await env.mailbox.nth(ada.email, 2);
    expect(mail.text).toContain('are you there?');
  });

  it('sends nothing for messages read on another device, and only new ones later', async () => {
    const ada = await verifiedUser(env.server);
    const phone = await env.server.signIn(ada);
    const grace = await env.server.register(name());
    const client = await env.server.signIn(grace);
    const direct = await openDirect(client, ada);
    const read = await sendText(client, direct.roomId, 'seen on the phone');
    await phone.request('read', { roomId: direct.roomId, seq: read.seq });
    await phone.close();
    await sleep(PAST_DELAY_MS);
    expect(digestsOf(ada)).toEqual([]);

    await sendText(client, direct.roomId, 'not seen yet');
    const mail = await env.mailbox.nth(ada.email, 2);
    expect(mail.text).toContain('not seen yet');
    expect(mail.text).not.toContain('seen on the phone');
    expect(mail.subject).toBe(`1 unread message in ${grace.username}`);
  });

  it('sends nothing to a user who turned e-mail off, and again once they turn it on', async () => {
    const ada = await verifiedUser(env.server);
    const off = await env.server.http('/api/v1/me/email', { method: 'PUT', token: ada.token, body: { notifications: false } });
    expect(off.body).toMatchObject({ email: { notifications: false } });
    const grace = await env.server.register(name());
    const client = await env.server.signIn(grace);
    const direct = await openDirect(client, ada);
    await sendText(client, direct.roomId, 'while off');
    await sleep(PAST_DELAY_MS);
    expect(digestsOf(ada)).toEqual([]);

    await env.server.http('/api/v1/me/email', { method: 'PUT', token: ada.token, body: { notifications: true } });
    await sendText(client, direct.roomId, 'while on');
    const mail = await env.mailbox.nth(ada.email, 2);
    expect(mail.text).toContain('while on');
    // What arrived while e-mail was off is never mailed, not even once it is on again.
    expect(mail.text).not.toContain('while off');
  });

  it('sends nothing for a room the user muted, and nothing of it later once unmuted', async () => {
    const ada = await verifiedUser(env.server);
    const grace = await env.server.register(name());
    const client = await env.server.signIn(grace);
    const muted = await createGroup(client, 'Noisy', [ada]);
    const direct = await openDirect(client, ada);
    const adaClient = await env.server.signIn(ada);
    await adaClient.request('room.mute', { roomId: muted.roomId, muted: true });
    await adaClient.close();
    await sendText(client, muted.roomId, 'muted chatter');
    await sleep(PAST_DELAY_MS);
    expect(digestsOf(ada)).toEqual([]);

    const again = await env.server.signIn(ada);
    await again.request('room.mute', { roomId: muted.roomId, muted: false });
    await again.close();
    await sendText(client, direct.roomId, 'worth an e-mail');
    const mail = await env.mailbox.nth(ada.email, 2);
    expect(mail.text).toContain('worth an e-mail');
    expect(mail.text).not.toContain('muted chatter');
  });

  it('tells of a muted room only what mentions the user, saying so', async () => {
    const ada = await verifiedUser(env.server);
    const grace = await env.server.register(name());
    const client = await env.server.signIn(grace);
    const muted = await createGroup(client, 'Quiet', [ada]);
    const adaClient = await env.server.signIn(ada);
    await adaClient.request('room.mute', { roomId: muted.roomId, muted: true });
    await adaClient.close();
    await sendText(client, muted.roomId, 'chatter');
    await sendText(client, muted.roomId, `@${ada.username} can you look?`);
    const mail = await env.mailbox.nth(ada.email, 2);
    expect(mail.text).toContain('Quiet (1 mentioning you)');
    expect(mail.text).toContain('can you look?');
    expect(mail.text).not.toContain('chatter');
  });

  it('sends nothing to an address that was never verified', async () => {
    const ada = await env.server.register(name());
    const grace = await env.server.register(name());
    const client = await env.server.signIn(grace);
    const direct = await openDirect(client, ada);
    await sendText(client, direct.roomId, 'hello?');
    await sleep(PAST_DELAY_MS);
    expect(env.mailbox.for(ada.email).map((mail) => mail.subject)).toEqual(['Confirm your e-mail address']);
  });
});

describe('one-click unsubscribe', () => {
  /** Ada, verified, with one missed-message e-mail from Grace. */
  async function digestFor(): Promise<{ ada: TestUser; mail: ReceivedMail }> {
    const ada = await verifiedUser(env.server);
    const grace = await env.server.register(name());
    const client = await env.server.signIn(grace);
    await sendText(client, (await openDirect(client, ada)).roomId, 'news');
    return { ada, mail: await env.mailbox.nth(ada.email, 2) };
  }

  it('names a signed one-click URL (RFC 8058) that turns the e-mails off without a session', async () => {
    const { ada, mail } = await digestFor();
    expect(mail.raw.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const url = /^<(https?:\/\/[^>]+)>$/.exec(mail.raw.get('list-unsubscribe') ?? '')?.[1];
    expect(url).toMatch(/\/api\/v1\/email\/unsubscribe\//);
    expect(mail.text).toContain('/account/unsubscribe?token=');

    const response = await fetch(url ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(204);
    const settings = await env.server.http('/api/v1/me/email', { token: ada.token });
    expect(settings.body).toMatchObject({ email: { notifications: false } });
  });

  it('refuses a forged or expired token', async () => {
    const { ada, mail } = await digestFor();
    const token = linkToken(mail, '/account/unsubscribe');
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const expired = unsubscribeToken(EMAIL_TEST_SECRET, ada.id, Date.now() - 1000);
    const otherKey = unsubscribeToken('another secret of at least thirty-two characters!', ada.id, Date.now() + 60_000);
    for (const bad of [forged, expired, otherKey]) {
      const result = await env.server.http(`/api/v1/email/unsubscribe/${encodeURIComponent(bad)}`, { method: 'POST' });
      expect(apiError(result).code).toBe('invalid_link');
    }
    const settings = await env.server.http('/api/v1/me/email', { token: ada.token });
    expect(settings.body).toMatchObject({ email: { notifications: true } });
  });
});
