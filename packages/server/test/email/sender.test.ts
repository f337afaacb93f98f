// The e-mail sender: mail waits in the database while the SMTP server is down and goes out once it is back, across a
// restart of the chat server too; /healthz says how e-mail is doing; without an SMTP server e-mail is off.

import { afterEach, describe, expect, it } from 'vitest';
import { openDirect, sendText } from '../support/chat.js';
import { apiError } from '../support/http.js';
import { linkToken, Mailbox } from '@ichat/test-kit/mailbox';
import { TestServer, useTestServer } from '../support/test-server.js';
import { eventually, sleep } from '../support/wait.js';
import { emailFlags } from './email-fixture.js';

describe('the sender', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startMailbox(): Promise<Mailbox> {
    const mailbox = new Mailbox();
    await mailbox.start();
    cleanups.push(() => mailbox.stop());
    return mailbox;
  }

  async function start(): Promise<{ mailbox: Mailbox; server: TestServer }> {
    const mailbox = await startMailbox();
    const server = await TestServer.start(emailFlags(mailbox, { 'email-offline-delay-seconds': '0' }));
    cleanups.push(() => server.dispose());
    return { mailbox, server };
  }

  async function health(server: TestServer): Promise<unknown> {
    return (await server.http('/healthz')).body;
  }

  it('keeps mail while the SMTP server is down, stays healthy, and sends it once the server is back', async () => {
    const { mailbox, server } = await start();
    expect(await health(server)).toMatchObject({ status: 'ok', email: 'ok' });
    await mailbox.stop();
    const ada = await server.register('ada');
    await eventually(async () => ((await health(server)) as { email: string }).email === 'failing' || undefined, 'email: failing');
    expect(await health(server)).toMatchObject({ status: 'ok' });
    // Chat goes on meanwhile.
    const grace = await server.register('grace');
    const client = await server.signIn(grace);
    await sendText(client, (await openDirect(client, ada)).roomId, 'unaffected');
    await sleep(500);

    await mailbox.start();
    const mail = await mailbox.nth(ada.email, 1, 10_000);
    expect(mail.subject).toBe('Confirm your e-mail address');
    await eventually(async () => ((await health(server)) as { email: string }).email === 'ok' || undefined, 'email: ok');
    expect(mailbox.for(ada.email)).toHaveLength(1);
  });

  it('loses nothing and sends nothing twice across a restart', async () => {
    const mailbox = await startMailbox();
    let server = await TestServer.start(emailFlags(mailbox, { 'email-offline-delay-seconds': '0' }));
    cleanups.push(() => server.dispose());
    const ada = await server.register('ada');
    const token = linkToken(await mailbox.nth(ada.email), '/account/verify');
    await server.http('/api/v1/auth/verify-email', { body: { token } });

    await mailbox.stop();
    const grace = await server.register('grace');
    const client = await server.signIn(grace);
    await sendText(client, (await openDirect(client, ada)).roomId, 'while the mail server was down');
    await server.http('/api/v1/auth/password-reset', { body: { email: ada.email } });
    // Ada's verification (sent), Grace's verification, Ada's digest and her reset link (queued).
    await eventually(async () => (server.db.count('email_outbox') === 4 ? true : undefined), 'four e-mails in the outbox');

    server = await server.restart();
    await mailbox.start();
    await mailbox.nth(ada.email, 3, 10_000);
    await sleep(800);
    expect(mailbox.for(ada.email).map((mail) => mail.subject).sort()).toEqual([
      '1 unread message in grace',
      'Confirm your e-mail address',
      'Reset your chat password',
    ]);
  });
});

describe('without an SMTP server', () => {
  const env = useTestServer();

  it('says e-mail is off in /healthz and refuses what needs e-mail', async () => {
    expect((await env.server.http('/healthz')).body).toMatchObject({ status: 'ok', email: 'off' });
    const result = await env.server.http('/api/v1/auth/password-reset', { body: { email: 'ada@example.test' } });
    expect(result.status).toBe(501);
    expect(apiError(result).code).toBe('email_disabled');
    const ada = await env.server.register('ada');
    const settings = await env.server.http('/api/v1/me/email', { token: ada.token });
    expect(settings.body).toEqual({ email: { address: ada.email, verified: false, notifications: true, serverSendsEmail: false } });
  });
});
