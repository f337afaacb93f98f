// `@ichat/sdk/server` against a real server: the backend's calls reach signed-in clients live, answers are typed,
// refusals come back as IChatError, and a ban closes a client for good.

import { SignJWT } from 'jose';
import { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, IChatError, type IChatClient } from '../src/index.js';
import { createServerClient, type ServerClient } from '../src/server/index.js';
import { nextEvent, reachState, untilChats } from './support/fixtures.js';
import { TestServer } from './support/server.js';

const SECRET = 'the host site and iChat share this 32+ byte secret';
const timings = { backoff: { initialMs: 20, maxMs: 200 }, requestTimeoutMs: 5000 };

function hostToken(sub: string): Promise<string> {
  return new SignJWT({ sub, name: sub }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(SECRET));
}

async function rejection(promise: Promise<unknown>): Promise<IChatError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof IChatError)) throw new Error(`expected an IChatError, got ${String(error)}`);
  return error;
}

describe('createServerClient', () => {
  let server: TestServer;
  let api: ServerClient;
  const clients: IChatClient[] = [];

  beforeAll(async () => {
    server = await TestServer.start(['--jwt-secret', SECRET]);
    const created = await server.process.command(['api-key', 'create', 'sdk-test']);
    expect(created.code, created.stderr).toBe(0);
    api = createServerClient({ url: server.url, apiKey: created.stdout.split('\n')[0] ?? '' });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await server.stop();
  });

  async function hostClient(sub: string): Promise<IChatClient> {
    const client = createClient({ ...timings, url: server.url, WebSocket, tokenProvider: () => hostToken(sub) });
    clients.push(client);
    await client.whenSynced();
    return client;
  }

  it('creates a room and posts a system message that a signed-in client receives live', async () => {
    const ada = await hostClient('sdk-ada');
    await hostClient('sdk-bob');
    const { room, created } = await api.createRoom({ kind: 'direct', members: ['sdk-ada', 'sdk-bob'] });
    expect(created).toBe(true);
    await untilChats(ada, (chats) => chats.some((chat) => chat.roomId === room.id));
    const arriving = nextEvent(ada, 'message', (message) => message.roomId === room.id);
    const posted = await api.postMessage(room.id, { clientMsgId: 'sdk-welcome', text: 'Welcome to your order chat' });
    expect(posted.message).toMatchObject({ kind: 'system', senderId: null, seq: 1 });
    expect(await arriving).toEqual(posted.message);
    expect(await api.postMessage(room.id, { clientMsgId: 'sdk-welcome', text: 'again' })).toEqual({ ...posted, duplicate: true });
    const page = await api.messages(room.id, { limit: 10 });
    expect(page).toEqual({ messages: [posted.message], hasMore: false });
    const tombstone = await api.deleteMessage(room.id, 1);
    expect(tombstone).toMatchObject({ seq: 1, deleted: true });
  });

  it('creates a user that the JWT with that sub then signs in, profile and data included', async () => {
    const { user, created } = await api.upsertUser('sdk-upserted', { displayName: 'Up Serted', data: { tier: 'gold' } });
    expect(created).toBe(true);
    expect(user).toMatchObject({ externalId: 'sdk-upserted', displayName: 'Up Serted', data: { tier: 'gold' } });
    const client = await hostClient('sdk-upserted');
    expect(client.user).toMatchObject({ id: user.id, data: { tier: 'gold' } });
    const refused = await rejection(api.upsertUser('sdk-upserted', { avatarUrl: 'http://plain.test/a.png' }));
    expect(refused).toMatchObject({ code: 'validation_failed', field: 'avatarUrl' });
  });

  it('manages a group\'s members and finds users by their external id', async () => {
    const owner = await hostClient('sdk-owner');
    await hostClient('sdk-member');
    const { room } = await api.createRoom({ kind: 'group', name: 'Support', owner: 'sdk-owner', members: [] });
    expect((await api.addMembers(room.id, ['sdk-member'])).members).toHaveLength(2);
    expect((await api.removeMember(room.id, 'sdk-member')).members.map((user) => user.id)).toEqual([owner.user?.id]);
    const user = await api.getUser('sdk-owner');
    expect(user).toMatchObject({ id: owner.user?.id, externalId: 'sdk-owner', bannedAt: null });
  });

  it('mints a session a client connects with', async () => {
    await hostClient('sdk-minted');
    const session = await api.createSession('sdk-minted');
    const client = createClient({ ...timings, url: server.url, WebSocket, token: session.token });
    clients.push(client);
    await client.whenSynced();
    expect(client.user?.id).toBe(session.user.id);
  });

  it('bans a user: their client closes for good with reason banned and does not reconnect', async () => {
    const client = await hostClient('sdk-banned');
    const banned = nextEvent(client, 'banned');
    await api.banUser('sdk-banned');
    expect((await banned).code).toBe('banned');
    await reachState(client, 'closed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.state).toBe('closed');
    expect((await rejection(api.createSession('sdk-banned'))).code).toBe('banned');
    expect((await api.unbanUser('sdk-banned')).bannedAt).toBeNull();
    await hostClient('sdk-banned');
  });

  it('rebuilds refusals as IChatError with their code and field', async () => {
    expect((await rejection(api.getUser('sdk-nobody'))).code).toBe('not_found');
    const bad = await rejection(api.createRoom({ kind: 'group', members: [] }));
    expect(bad).toMatchObject({ code: 'bad_request', field: 'name' });
    const wrongKey = createServerClient({ url: server.url, apiKey: 'ichat_sk_wrong' });
    expect((await rejection(wrongKey.getUser('sdk-owner'))).code).toBe('unauthorized');
  });
});
