// What the site decides: whether unverified accounts may write, and whether its own signed-in users are e-mailed.

import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { errorCode, PDF, upload } from '../attachments/fixtures.js';
import { openDirect, sendText } from '../support/chat.js';
import { linkToken } from '@ichat/test-kit/mailbox';
import { HOST_FLAGS, ISSUER, JWT_SECRET } from '../server-api/support.js';
import { uniqueNames, type TestServer } from '../support/test-server.js';
import { sleep } from '../support/wait.js';
import { useEmailServer } from './email-fixture.js';

const name = uniqueNames('policy');

/** Signs the host site's user in with an e-mail claim; answers their token and username. */
async function hostUserWithEmail(server: TestServer, sub: string, email: string): Promise<{ token: string; username: string }> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = await new SignJWT({ sub, iss: ISSUER, exp: now + 300, name: sub, email })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(JWT_SECRET));
  const result = await server.http('/api/v1/auth/jwt', { body: { token: jwt } });
  expect(result.status, result.text).toBe(200);
  const body = result.body as { token: string; user: { username: string } };
  return { token: body.token, username: body.user.username };
}

describe('--unverified-accounts read', () => {
  const env = useEmailServer({ 'unverified-accounts': 'read' });

  it('lets an unverified account read but not write, until it opens its link', async () => {
    const ada = await env.server.register(name());
    const grace = await env.server.register(name());
    const verify = async (email: string): Promise<void> => {
      const token = linkToken(await env.mailbox.nth(email), '/account/verify');
      expect((await env.server.http('/api/v1/auth/verify-email', { body: { token } })).status).toBe(204);
    };
    await verify(grace.email);
    const graceSocket = await env.server.signIn(grace);
    const room = await openDirect(graceSocket, ada);
    await sendText(graceSocket, room.roomId, 'welcome');

    const socket = await env.server.signIn(ada);
    await expect(sendText(socket, room.roomId, 'too early')).rejects.toMatchObject({ code: 'email_not_verified' });
    await expect(openDirect(socket, grace)).rejects.toMatchObject({ code: 'email_not_verified' });
    const history = await socket.request('history', { roomId: room.roomId, limit: 10 });
    expect(history.messages.map((message) => message.text)).toEqual(['welcome']);
    // Nor may it upload files for messages it cannot send.
    const refusedUpload = await upload(env.server, ada.token, PDF, 'application/pdf');
    expect([refusedUpload.status, errorCode(refusedUpload)]).toEqual([403, 'email_not_verified']);

    await verify(ada.email);
    // The open socket takes the verified account at once.
    expect((await sendText(socket, room.roomId, 'verified now')).text).toBe('verified now');
    expect((await upload(env.server, ada.token, PDF, 'application/pdf')).status).toBe(201);
  });
});

describe('host site users', () => {
  const flags = { ...HOST_FLAGS, 'email-offline-delay-seconds': '1', 'email-unread-delay-seconds': '60' };
  const allowed = useEmailServer({ ...flags, 'email-host-users': 'true' });
  const refused = useEmailServer(flags);

  async function missedMessage(server: TestServer, address: string): Promise<void> {
    const host = await hostUserWithEmail(server, name(), address);
    const grace = await server.register(name());
    const client = await server.signIn(grace);
    await sendText(client, (await openDirect(client, host)).roomId, 'for the shop customer');
  }

  it('are e-mailed at the address of their claims when the site allows it', async () => {
    const address = `${name()}@shop.test`;
    await missedMessage(allowed.server, address);
    const mail = await allowed.mailbox.nth(address);
    expect(mail.text).toContain('for the shop customer');
  });

  it('are not e-mailed otherwise', async () => {
    const address = `${name()}@shop.test`;
    await missedMessage(refused.server, address);
    await sleep(1800);
    expect(refused.mailbox.for(address)).toEqual([]);
  });
});
