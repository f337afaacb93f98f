import { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IChatError, createClient, type IChatClient } from '../src/index.js';
import { connectClient, nextEvent, reachState, registerUser, type TestClient, type TestUser } from './support/fixtures.js';
import { testNetwork } from './support/network.js';
import { TestServer } from './support/server.js';

/** Runs `work` and returns the IChatError it fails with; fails the test if it succeeds or throws anything else. */
async function refusal(work: () => Promise<unknown>): Promise<IChatError> {
  const error: unknown = await work().then(
    () => new Error('expected a refusal'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IChatError);
  if (!(error instanceof IChatError)) throw error;
  return error;
}

describe('accounts and tokens', () => {
  let server: TestServer;
  let ada: TestUser;
  let grace: TestUser;
  const clients: TestClient[] = [];
  const unconnected = (): IChatClient => createClient({ url: server.url, WebSocket, autoConnect: false });

  beforeAll(async () => {
    server = await TestServer.start(['--login-max-failures', '2']);
    ada = await registerUser(server, 'ada');
    grace = await registerUser(server, 'grace');
  });

  afterEach(() => {
    for (const { client } of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('logs in over HTTP, connects, and reports the user', async () => {
    const network = testNetwork();
    const client = createClient({ url: server.url, WebSocket: network.WebSocket });
    clients.push({ client, network });
    expect(client.state).toBe('closed');
    const result = await client.login({ email: ada.email, password: ada.password });
    expect(result.user).toMatchObject({ id: ada.id, username: ada.username, email: ada.email, isAdmin: false });
    expect(client.token).toBe(result.token);
    await client.whenSynced();
    expect(client.state).toBe('open');
    expect(client.user?.id).toBe(ada.id);
    expect(client.limits?.maxTextLength).toBe(4000);
  });

  it('stops reconnecting with a typed unauthorized event when another client logs the token out', async () => {
    const session = await unconnected().login({ email: grace.email, password: grace.password });
    const first = await connectClient(server, { ...grace, token: session.token });
    const second = await connectClient(server, { ...grace, token: session.token });
    clients.push(first, second);

    const unauthorized = nextEvent(second.client, 'unauthorized');
    const closed = nextEvent(second.client, 'state', (change) => change.state === 'closed');
    await first.client.logout();
    expect(first.client.state).toBe('closed');
    expect(first.client.token).toBeUndefined();
    expect(first.client.user).toBeUndefined();
    expect(first.client.chats).toEqual([]);

    const error = await unauthorized;
    expect(error).toBeInstanceOf(IChatError);
    expect(error.code).toBe('unauthorized');
    expect(await closed).toMatchObject({ state: 'closed', reason: 'unauthorized' });
    const dials = second.network.dials;
    // Another client's full round trip gives a retry loop ample time to show itself; the closed client stays put.
    const other = await connectClient(server, ada);
    clients.push(other);
    await other.client.ping();
    expect(second.network.dials).toBe(dials);
    expect(second.client.state).toBe('closed');
    await expect(second.client.ping()).rejects.toMatchObject({ code: 'disconnected' });

    const me = await refusal(() => second.client.me());
    expect(me.code).toBe('unauthorized');
  });

  it('refuses a bad token once, without retrying', async () => {
    const network = testNetwork();
    const client = createClient({ url: server.url, token: 'not-a-real-token', WebSocket: network.WebSocket });
    clients.push({ client, network });
    const error = await nextEvent(client, 'unauthorized');
    expect(error.code).toBe('unauthorized');
    await reachState(client, 'closed');
    expect(network.dials).toBe(1);
    await expect(client.whenSynced()).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('rebuilds every HTTP refusal as a typed IChatError', async () => {
    const client = unconnected();
    const taken = await refusal(() => client.register({ email: ada.email, username: 'someone-new', password: 'long enough' }));
    expect(taken).toMatchObject({ code: 'email_taken', field: 'email', status: 409 });
    const name = await refusal(() => client.register({ email: 'fresh@example.com', username: ada.username, password: 'long enough' }));
    expect(name).toMatchObject({ code: 'username_taken', field: 'username' });
    const invalid = await refusal(() => client.register({ email: 'not an email', username: 'valid-name', password: 'long enough' }));
    expect(invalid).toMatchObject({ code: 'validation_failed', field: 'email' });
    const short = await refusal(() => client.register({ email: 'short@example.com', username: 'short-pw', password: 'short' }));
    expect(short).toMatchObject({ code: 'validation_failed', field: 'password' });

    const wrong = await refusal(() => client.login({ email: ada.email, password: 'wrong password' }));
    expect(wrong).toMatchObject({ code: 'invalid_credentials', status: 401 });
    await refusal(() => client.login({ email: ada.email, password: 'wrong again' }));
    const throttled = await refusal(() => client.login({ email: ada.email, password: 'and again' }));
    expect(throttled.code).toBe('rate_limited');
    expect(throttled.retryAfterMs).toBeGreaterThan(0);
    expect(throttled.retryable).toBe(true);

    expect((await refusal(() => client.me())).code).toBe('unauthorized');
    expect((await refusal(() => client.logout())).code).toBe('unauthorized');
  });

  it('reports an unreachable server as unavailable', async () => {
    const client = createClient({ url: 'http://127.0.0.1:9', WebSocket, autoConnect: false });
    const error = await refusal(() => client.login({ email: ada.email, password: ada.password }));
    expect(error.code).toBe('unavailable');
  });
});

describe('typed refusals over the socket', () => {
  let server: TestServer;
  let ada: TestClient;
  let grace: TestClient;
  let linusUser: TestUser;

  beforeAll(async () => {
    server = await TestServer.start();
    ada = await connectClient(server, await registerUser(server, 'ada'));
    grace = await connectClient(server, await registerUser(server, 'grace'));
    linusUser = await registerUser(server, 'linus');
  });

  afterAll(async () => {
    ada.client.close();
    grace.client.close();
    await server.stop();
  });

  it('refuses rooms it cannot open', async () => {
    expect(await refusal(() => ada.client.openDirect('nobody-here'))).toMatchObject({ code: 'not_found', field: 'with' });
    expect(await refusal(() => ada.client.openDirect(ada.client.user!.username))).toMatchObject({
      code: 'validation_failed',
      field: 'with',
    });
    expect(await refusal(() => ada.client.createGroup('   ', []))).toMatchObject({ code: 'validation_failed', field: 'name' });
    expect(await refusal(() => ada.client.createGroup('Team', ['ghost@example.com']))).toMatchObject({
      code: 'not_found',
      field: 'members.0',
    });
  });

  it('refuses changes by non-owners and to direct rooms', async () => {
    const group = await ada.client.createGroup('Owned by Ada', [grace.client.user!.username]);
    await grace.client.whenSynced();
    expect(await refusal(() => grace.client.rename(group.roomId, 'Mine now'))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(() => grace.client.addMembers(group.roomId, [linusUser.username]))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(() => ada.client.removeMember(group.roomId, linusUser.id))).toMatchObject({
      code: 'not_found',
      field: 'userId',
    });
    expect(await refusal(() => ada.client.removeMember(group.roomId, ada.client.user!.id))).toMatchObject({
      code: 'validation_failed',
    });
    const direct = await ada.client.openDirect(grace.client.user!.username);
    expect(await refusal(() => ada.client.leave(direct.roomId))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(() => ada.client.rename(direct.roomId, 'Named'))).toMatchObject({ code: 'forbidden' });
  });

  it('refuses messages outside the caller’s rooms and edits of others’ messages', async () => {
    const direct = await ada.client.openDirect(grace.client.user!.username);
    const mine = await ada.client.send(direct.roomId, 'from Ada');
    expect(await refusal(() => grace.client.edit(direct.roomId, mine.seq, 'hijacked'))).toMatchObject({
      code: 'forbidden',
      field: 'seq',
    });
    expect(await refusal(() => grace.client.delete(direct.roomId, mine.seq))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(() => ada.client.edit(direct.roomId, 9999, 'missing'))).toMatchObject({ code: 'not_found' });
    expect(await refusal(() => ada.client.history(999_999))).toMatchObject({ code: 'forbidden', field: 'roomId' });
    expect(await refusal(() => ada.client.markRead(999_999, 1))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(() => ada.client.typing(999_999))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(() => ada.client.history(direct.roomId, { before: 2, after: 1 }))).toMatchObject({
      code: 'invalid_frame',
      field: 'after',
    });
    expect(await refusal(() => ada.client.edit(direct.roomId, mine.seq, ''))).toMatchObject({ code: 'validation_failed' });
  });
});

describe('rate limits', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start(['--messages-per-second', '1', '--message-burst', '2']);
  });

  afterAll(async () => {
    await server.stop();
  });

  it('retries a rate-limited send after the wait the server asks for, storing each message once', async () => {
    const ada = await connectClient(server, await registerUser(server, 'ada'));
    const chat = await ada.client.createGroup('Slow', []);
    const refused = new Promise<void>((resolve) => {
      const stop = ada.client.on('outbox', (pending) => {
        if (pending.some((p) => p.attempts > 1)) {
          stop();
          resolve();
        }
      });
    });
    const sent = await Promise.all([1, 2, 3].map((n) => ada.client.send(chat.roomId, `n${n}`)));
    await refused;
    expect(sent.map((m) => m.seq)).toEqual([1, 2, 3]);
    const history = await ada.client.history(chat.roomId);
    expect(history.messages.map((m) => m.text)).toEqual(['n1', 'n2', 'n3']);
    ada.client.close();
  });
});
