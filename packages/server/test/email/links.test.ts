// Verification and password reset links, read from the e-mails a real SMTP server received.

import { CLOSE_CODES } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { expireEmailLinks } from '../support/database.js';
import { apiError } from '../support/http.js';
import { linkToken } from '@ichat/test-kit/mailbox';
import { uniqueNames } from '../support/test-server.js';
import { sleep } from '../support/wait.js';
import { useEmailServer } from './email-fixture.js';

const env = useEmailServer();
const name = uniqueNames('links');

describe('address verification', () => {
  it('e-mails a new account a single-use link that marks its address verified', async () => {
    const ada = await env.server.register(name());
    const mail = await env.mailbox.nth(ada.email);
    expect(mail.subject).toBe('Confirm your e-mail address');
    expect(mail.html).toContain('/account/verify?token=');
    const before = await env.server.http('/api/v1/me/email', { token: ada.token });
    expect(before.body).toEqual({ email: { address: ada.email, verified: false, notifications: true, serverSendsEmail: true } });

    const token = linkToken(mail, '/account/verify');
    expect((await env.server.http('/api/v1/auth/verify-email', { body: { token } })).status).toBe(204);
    const after = await env.server.http('/api/v1/me/email', { token: ada.token });
    expect(after.body).toMatchObject({ email: { verified: true } });

    const again = await env.server.http('/api/v1/auth/verify-email', { body: { token } });
    expect(again.status).toBe(400);
    expect(apiError(again).code).toBe('invalid_link');
  });

  it('sends a new link on request, and only the newest link works', async () => {
    const ada = await env.server.register(name());
    const first = linkToken(await env.mailbox.nth(ada.email, 1), '/account/verify');
    expect((await env.server.http('/api/v1/auth/verify-email/resend', { method: 'POST', token: ada.token })).status).toBe(202);
    const second = linkToken(await env.mailbox.nth(ada.email, 2), '/account/verify');
    expect(apiError(await env.server.http('/api/v1/auth/verify-email', { body: { token: first } })).code).toBe('invalid_link');
    expect((await env.server.http('/api/v1/auth/verify-email', { body: { token: second } })).status).toBe(204);
  });

  it('refuses a made-up token', async () => {
    const result = await env.server.http('/api/v1/auth/verify-email', { body: { token: 'x'.repeat(43) } });
    expect(apiError(result).code).toBe('invalid_link');
  });
});

describe('password reset', () => {
  it('answers an unknown address exactly like a known one, and e-mails only the known one', async () => {
    const ada = await env.server.register(name());
    await env.mailbox.nth(ada.email);
    const known = await env.server.http('/api/v1/auth/password-reset', { body: { email: ada.email } });
    const unknown = await env.server.http('/api/v1/auth/password-reset', { body: { email: `nobody-${ada.email}` } });
    expect([known.status, known.text]).toEqual([202, '']);
    expect([unknown.status, unknown.text]).toEqual([202, '']);
    await env.mailbox.nth(ada.email, 2);
    await sleep(300);
    expect(env.mailbox.for(`nobody-${ada.email}`)).toEqual([]);
  });

  it('sets the new password with the link once, and signs every device out', async () => {
    const ada = await env.server.register(name());
    const socket = await env.server.signIn(ada);
    await env.mailbox.nth(ada.email);
    await env.server.http('/api/v1/auth/password-reset', { body: { email: ada.email } });
    const mail = await env.mailbox.nth(ada.email, 2);
    expect(mail.subject).toBe('Reset your chat password');
    const token = linkToken(mail, '/account/reset');

    const reset = await env.server.http('/api/v1/auth/password-reset/confirm', { body: { token, password: 'a brand new password' } });
    expect(reset.status).toBe(204);
    expect((await socket.closedWithin()).code).toBe(CLOSE_CODES.unauthorized);
    expect((await env.server.http('/api/v1/me', { token: ada.token })).status).toBe(401);
    const oldLogin = await env.server.http('/api/v1/auth/login', { body: { email: ada.email, password: ada.password } });
    expect(apiError(oldLogin).code).toBe('invalid_credentials');
    const newLogin = await env.server.http('/api/v1/auth/login', { body: { email: ada.email, password: 'a brand new password' } });
    expect(newLogin.status).toBe(200);

    const reused = await env.server.http('/api/v1/auth/password-reset/confirm', { body: { token, password: 'yet another password' } });
    expect(apiError(reused).code).toBe('invalid_link');
    // The link proved the address, so the account counts as verified too.
    const settings = await env.server.http('/api/v1/me/email', { token: (newLogin.body as { token: string }).token });
    expect(settings.body).toMatchObject({ email: { verified: true } });
  });

  it('refuses an expired link', async () => {
    const ada = await env.server.register(name());
    await env.mailbox.nth(ada.email);
    await env.server.http('/api/v1/auth/password-reset', { body: { email: ada.email } });
    const token = linkToken(await env.mailbox.nth(ada.email, 2), '/account/reset');
    expireEmailLinks(env.server.databasePath);
    const result = await env.server.http('/api/v1/auth/password-reset/confirm', { body: { token, password: 'a brand new password' } });
    expect(apiError(result).code).toBe('invalid_link');
  });

  it('refuses a new password that breaks the password rules', async () => {
    const result = await env.server.http('/api/v1/auth/password-reset/confirm', { body: { token: 'x'.repeat(43), password: 'short' } });
    expect(apiError(result)).toMatchObject({ code: 'validation_failed', field: 'password' });
  });
});

describe('reset request throttle', () => {
  const limited = useEmailServer({ 'password-resets-per-hour': '2' });

  it('throttles requests per address, known or not', async () => {
    const ada = await limited.server.register(name());
    for (const address of [ada.email, `${name()}@nowhere.test`]) {
      for (let i = 0; i < 2; i++) {
        expect((await limited.server.http('/api/v1/auth/password-reset', { body: { email: address } })).status).toBe(202);
      }
      const refused = await limited.server.http('/api/v1/auth/password-reset', { body: { email: address } });
      expect(refused.status).toBe(429);
      expect(apiError(refused)).toMatchObject({ code: 'rate_limited', retryable: true });
    }
  });

  it('throttles requests per client address over many e-mail addresses', async () => {
    // Two per e-mail address an hour, so eight from one client address; four were spent by the test above.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await limited.server.http('/api/v1/auth/password-reset', { body: { email: `${name()}@nowhere.test` } })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 429]);
  });
});
