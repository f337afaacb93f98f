// The account e-mail client against a real server that e-mails a real SMTP server: reset, verification and the
// missed-message preference, with refusals rebuilt as IChatError.

import { linkToken, Mailbox } from '@ichat/test-kit/mailbox';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountClient, createClient, IChatError, type AccountClient } from '../src/index.js';
import { registerUser } from './support/fixtures.js';
import { TestServer } from './support/server.js';

async function rejection(promise: Promise<unknown>): Promise<IChatError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof IChatError)) throw new Error(`expected an IChatError, got ${String(error)}`);
  return error;
}

describe('createAccountClient', () => {
  const mailbox = new Mailbox();
  let server: TestServer;
  let accounts: AccountClient;

  beforeAll(async () => {
    await mailbox.start();
    server = await TestServer.start(['--smtp-url', mailbox.url, '--email-from', 'chat@example.test']);
    accounts = createAccountClient({ url: server.url });
  });

  afterAll(async () => {
    await server.stop();
    await mailbox.stop();
  });

  it('verifies the address with the e-mailed link, and a second time refuses it', async () => {
    const ada = await registerUser(server, 'ada');
    const signedIn = createAccountClient({ url: server.url, token: ada.token });
    expect(await signedIn.emailSettings()).toEqual({ address: ada.email, verified: false, notifications: true, serverSendsEmail: true });
    const token = linkToken(await mailbox.nth(ada.email), '/account/verify');
    await accounts.verifyEmail(token);
    expect((await signedIn.emailSettings()).verified).toBe(true);
    expect((await rejection(accounts.verifyEmail(token))).code).toBe('invalid_link');
  });

  it('resets a forgotten password, and the old session ends', async () => {
    const grace = await registerUser(server, 'grace');
    await mailbox.nth(grace.email);
    await accounts.requestPasswordReset(grace.email);
    await accounts.requestPasswordReset('nobody-at-all@example.test');
    const token = linkToken(await mailbox.nth(grace.email, 2), '/account/reset');
    await accounts.resetPassword(token, 'a fresh password for grace');

    const client = createClient({ url: server.url, WebSocket, autoConnect: false });
    expect((await rejection(client.login({ email: grace.email, password: grace.password }))).code).toBe('invalid_credentials');
    await client.login({ email: grace.email, password: 'a fresh password for grace' });
    expect((await rejection(createAccountClient({ url: server.url, token: grace.token }).emailSettings())).code).toBe('unauthorized');
    client.close();
  });

  it('follows an IChatClient session for the preference and a new verification link', async () => {
    const linus = await registerUser(server, 'linus');
    const client = createClient({ url: server.url, WebSocket, autoConnect: false });
    const mine = createAccountClient({ url: server.url, token: () => client.token });
    expect((await rejection(mine.emailSettings())).code).toBe('unauthorized');
    await client.login({ email: linus.email, password: linus.password });
    expect((await mine.setEmailNotifications(false)).notifications).toBe(false);
    expect((await mine.emailSettings()).notifications).toBe(false);
    await mine.resendVerification();
    await mailbox.nth(linus.email, 2);
    client.close();
  });

  it('rebuilds the refusal of a malformed address or password, naming the field', async () => {
    expect(await rejection(accounts.requestPasswordReset('not an address'))).toMatchObject({ code: 'validation_failed', field: 'email' });
    expect(await rejection(accounts.resetPassword('x'.repeat(43), 'short'))).toMatchObject({ code: 'validation_failed', field: 'password' });
  });
});
