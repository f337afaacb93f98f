// Sign-in through the host site's tokens: the client trades the provider's JWT for a session, renews it before it
// expires and after the server refuses it, and keeps its outbox and resume position across renewals.

import { SignJWT } from 'jose';
import { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, ROUTES, type IChatClient } from '../src/index.js';
import { connectClient, nextEvent, reachState, recordMessages, registerUser, untilChats, type TestUser } from './support/fixtures.js';
import { TestServer } from './support/server.js';

const SECRET = 'the host site and iChat share this 32+ byte secret';
/** Sessions from host tokens last 3 s here, so renewals happen within a test. */
const SESSION_TTL_SECONDS = 3;

function hostToken(sub: string, name: string, secret = SECRET): Promise<string> {
  return new SignJWT({ sub, name })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}

/** A provider that counts its calls and can be held, as a host backend that is slow to answer. */
function countingProvider(sub: string, name: string): { provider: () => Promise<string>; calls: () => number; hold(): () => void } {
  let calls = 0;
  let held: Promise<void> | undefined;
  return {
    provider: async () => {
      calls += 1;
      if (held !== undefined) await held;
      return hostToken(sub, name);
    },
    calls: () => calls,
    hold: () => {
      let release = (): void => undefined;
      held = new Promise((resolve) => {
        release = () => {
          held = undefined;
          resolve();
        };
      });
      return release;
    },
  };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('createClient({ tokenProvider })', () => {
  let server: TestServer;
  let grace: TestUser;
  const clients: IChatClient[] = [];
  const timings = { backoff: { initialMs: 20, maxMs: 200 }, requestTimeoutMs: 5000 };

  beforeAll(async () => {
    server = await TestServer.start(['--jwt-secret', SECRET, '--jwt-session-ttl-seconds', String(SESSION_TTL_SECONDS)]);
    grace = await registerUser(server, 'grace');
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await server.stop();
  });

  function hostClient(provider: () => Promise<string>): IChatClient {
    const client = createClient({ ...timings, url: server.url, WebSocket, tokenProvider: provider });
    clients.push(client);
    return client;
  }

  it('signs in with the provider’s token and renews the session before it expires, staying connected', async () => {
    const host = countingProvider('renew-1', 'Renée Host');
    const client = hostClient(host.provider);
    await client.whenSynced();
    expect(host.calls()).toBe(1);
    expect(client.user).toMatchObject({ displayName: 'Renée Host', username: 'renee.host' });
    const first = client.token;

    const peer = (await connectClient(server, grace)).client;
    clients.push(peer);
    const room = await peer.openDirect(client.user?.username ?? '');
    const received = recordMessages(peer);
    // Well past the first session's 3 s: it was renewed (at least once) before it ended.
    await until(() => client.token !== first);
    expect(host.calls()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, SESSION_TTL_SECONDS * 1000));
    await client.whenSynced();
    expect(host.calls()).toBeGreaterThanOrEqual(3);
    await client.send(room.roomId, 'still here after the first session ended');
    expect((await received.until(1)).map((m) => m.text)).toEqual(['still here after the first session ended']);
  });

  it('asks again after the server refuses the session, keeping the outbox and the resume position', async () => {
    const host = countingProvider('refused-1', 'Outbox Keeper');
    const client = hostClient(host.provider);
    await client.whenSynced();
    const peer = (await connectClient(server, grace)).client;
    clients.push(peer);
    const room = await peer.openDirect(client.user?.username ?? '');
    // The room may have reached the client before the peer's answer: look at its list, then wait for it.
    await untilChats(client, (chats) => chats.some((chat) => chat.roomId === room.roomId));
    const toClient = recordMessages(client);
    const toPeer = recordMessages(peer);
    let unauthorizedEvents = 0;
    client.on('unauthorized', () => (unauthorizedEvents += 1));

    // The host is slow to answer the next time, so what happens while the client has no session can be seen.
    const release = host.hold();
    const calls = host.calls();
    const revoked = await fetch(`${server.url}${ROUTES.logout.path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.token ?? ''}` },
    });
    expect(revoked.status).toBe(204);
    await reachState(client, 'closed');
    await until(() => host.calls() === calls + 1);

    const sent = client.send(room.roomId, 'written while signed out');
    expect(client.pending.map((entry) => entry.text)).toEqual(['written while signed out']);
    await peer.send(room.roomId, 'sent while you were away');
    release();

    await client.whenSynced();
    expect((await sent).text).toBe('written while signed out');
    // Each side sees both messages exactly once: the queued send was not lost nor sent twice, the missed one resumed.
    expect((await toPeer.until(2)).map((m) => m.text).sort()).toEqual(['sent while you were away', 'written while signed out']);
    expect((await toClient.until(2)).map((m) => m.text).sort()).toEqual(['sent while you were away', 'written while signed out']);
    expect(client.pending).toEqual([]);
    expect(unauthorizedEvents).toBe(0);
  });

  it('reports unauthorized with the server’s reason when the provider’s token is refused', async () => {
    const client = hostClient(() => hostToken('bad-1', 'Bad Signature', 'a different secret that is just as long as the other'));
    const error = await nextEvent(client, 'unauthorized');
    expect(error).toMatchObject({ code: 'invalid_token', reason: 'bad_signature' });
  });

  it('reports unauthorized when the provider has no token (nobody is signed in at the host)', async () => {
    const client = hostClient(() => Promise.reject(new Error('401 from /ichat-token')));
    const error = await nextEvent(client, 'unauthorized');
    expect(error.code).toBe('unauthorized');
  });
});
