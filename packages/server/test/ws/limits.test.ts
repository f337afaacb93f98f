// Every configurable limit: frame size, message and frame rates, connections per address, slow consumers.

import { randomUUID } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDirect, person, sendText, type Person } from '../support/chat.js';
import { TestClient } from '../support/test-client.js';
import { TestServer, type Flags } from '../support/test-server.js';
import { eventually } from '../support/wait.js';

async function startServer(flags: Flags): Promise<TestServer> {
  const server = await TestServer.start(flags);
  onTestFinished(() => server.dispose());
  return server;
}

describe('frame size', () => {
  it('answers a frame over the limit with frame_too_large, keeps the connection and stores nothing', async () => {
    const server = await startServer({ 'max-frame-bytes': '2048' });
    const ada = await person(server, 'ada');
    const bob = await server.register('bob');
    const { roomId } = await openDirect(ada.client, bob);
    ada.client.sendRequest('message.send', { roomId, clientMsgId: randomUUID(), text: 'x'.repeat(3000) });
    expect(await ada.client.uncorrelatedError()).toMatchObject({ id: null, error: { code: 'frame_too_large' } });
    expect(server.db.messages(roomId)).toEqual([]);
    await sendText(ada.client, roomId, 'still here');
  });

  it('drops the connection of a frame far beyond the limit and keeps serving everyone else', async () => {
    const server = await startServer({ 'max-frame-bytes': '2048' });
    const ada = await person(server, 'ada');
    const bob = await person(server, 'bob');
    ada.client.sendRaw('x'.repeat(1024 * 1024));
    // uWS refuses such a frame before reading it and drops the TCP connection, without a close frame.
    expect((await ada.client.closedWithin()).code).toBe(1006);
    await bob.client.sync();
    expect((await server.http('/healthz')).status).toBe(200);
  });
});

describe('message rate', () => {
  it('answers sends over the burst with rate_limited and a retry time, and keeps the connection', async () => {
    const server = await startServer({ 'messages-per-second': '2', 'message-burst': '3' });
    const ada = await person(server, 'ada');
    const bob = await server.register('bob');
    const { roomId } = await openDirect(ada.client, bob);
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        ada.client.request('message.send', { roomId, clientMsgId: `r${i}`, text: `r${i}` }).then(
          () => 'stored',
          (error: unknown) => error,
        ),
      ),
    );
    expect(outcomes.slice(0, 3)).toEqual(['stored', 'stored', 'stored']);
    for (const outcome of outcomes.slice(3)) {
      expect(outcome).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: expect.any(Number) });
    }
    expect(server.db.messages(roomId)).toHaveLength(3);
    expect(ada.client.isOpen).toBe(true);

    const refusal = await ada.client.refused('message.send', { roomId, clientMsgId: 'r-next', text: 'too soon' });
    expect(refusal.retryAfterMs).toBeGreaterThan(0);
    expect(refusal.retryAfterMs).toBeLessThanOrEqual(500);
    // Waiting as long as the server said is enough.
    await new Promise((resolve) => setTimeout(resolve, refusal.retryAfterMs));
    await sendText(ada.client, roomId, 'after waiting');
  });

  it('limits frames of any kind per connection, without affecting another connection', async () => {
    const server = await startServer({ 'frames-per-second': '5' });
    const user = await server.register('chatty');
    const chatty = await server.signIn(user);
    const calm = await server.signIn(user);
    const outcomes = await Promise.all(
      Array.from({ length: 14 }, () => chatty.request('ping', {}).then(() => 'ok', (error: unknown) => error)),
    );
    // The auth frame took one of the ten-frame burst.
    expect(outcomes.filter((outcome) => outcome === 'ok').length).toBeLessThanOrEqual(9);
    expect(outcomes.at(-1)).toMatchObject({ code: 'rate_limited' });
    await calm.sync();
  });
});

describe('refused frames', () => {
  it.each([
    ['malformed text', '{not json'],
    ['binary', Buffer.from([0x7b, 0x7d])],
  ])('counts %s frames against the frame rate and closes a socket that floods them with 1008', async (_kind, garbage) => {
    const server = await startServer({ 'frames-per-second': '5' });
    const flooder = await server.signIn(await server.register('flooder'));
    const bystander = await server.signIn(await server.register('bystander'));
    for (let i = 0; i < 2000; i++) flooder.sendRaw(garbage);
    expect(await flooder.closedWithin()).toMatchObject({ code: 1008, reason: 'policy_violation' });
    const answers = flooder.received.filter((frame) => frame.type === 'error');
    // The first frames of the burst are refused as malformed, the rest as too fast, and far fewer than 2,000 answered.
    expect(answers.some((frame) => frame.type === 'error' && frame.error.code === 'invalid_frame')).toBe(true);
    expect(answers.some((frame) => frame.type === 'error' && frame.error.code === 'rate_limited')).toBe(true);
    expect(answers.length).toBeLessThan(200);
    await bystander.sync();
  });

  it('keeps the socket of a client that sends a malformed frame now and then', async () => {
    const server = await startServer({});
    const client = await server.signIn(await server.register('clumsy'));
    for (let i = 0; i < 30; i++) client.sendRaw('{not json');
    for (let i = 0; i < 30; i++) expect((await client.uncorrelatedError()).error.code).toBe('invalid_frame');
    await client.sync();
    expect(client.isOpen).toBe(true);
  });
});

describe('connections per address', () => {
  it('refuses the upgrade over the limit with 429 and Retry-After, and accepts again once one closes', async () => {
    const server = await startServer({ 'max-connections-per-ip': '3' });
    const open = [await server.connect(), await server.connect(), await server.connect()];
    const refused = await TestClient.refusedUpgrade(server.wsUrl);
    expect(refused.status).toBe(429);
    expect(refused.error.code).toBe('too_many_connections');
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);

    await open[0]?.close();
    // The server learns of the close on its own schedule; retry until it has.
    const fourth = await eventually(
      () => TestClient.connect(server.wsUrl).catch(() => undefined),
      'a connection slot to free up',
    );
    await fourth.close();
  });
});

describe('slow consumers', () => {
  /** A server with a small send buffer per socket and rates high enough to flood it; Ada shares a room with Slow. */
  async function floodable(maxBackpressureBytes: number) {
    const server = await startServer({
      'max-backpressure-bytes': String(maxBackpressureBytes),
      'messages-per-second': '5000',
      'message-burst': '5000',
      'frames-per-second': '5000',
    });
    const ada = await person(server, 'ada');
    const bob = await person(server, 'bob');
    const slowUser = await server.register('slow');
    const { roomId } = await openDirect(ada.client, slowUser);
    await openDirect(ada.client, bob.user);
    const slow = await server.signIn(slowUser);
    await ada.client.event('presence', (e) => e.userId === slowUser.id && e.online);
    // The slow user going offline is the server's own word that it dropped the socket.
    const dropped = ada.client.event('presence', (e) => e.userId === slowUser.id && !e.online, 20_000);
    return { server, ada, bob, slow, slowUser, roomId, dropped };
  }

  /** Sends `count` messages of ~4 KB at once and waits for their acks. */
  async function bigBatch(ada: Person, roomId: number, batch: number, count: number): Promise<void> {
    const text = 'y'.repeat(3900);
    await Promise.all(
      Array.from({ length: count }, (_, i) => ada.client.request('message.send', { roomId, clientMsgId: `big${batch}-${i}`, text })),
    );
  }

  it('closes a client that stops reading its replies with 4008, having queued only a bounded part', async () => {
    const { server, ada, bob, slow, roomId, dropped } = await floodable(256 * 1024);
    await bigBatch(ada, roomId, 0, 100);
    slow.tcp?.pause();
    // Each history page is ~400 KB: forty of them are far beyond what the kernel's buffers absorb.
    for (let i = 0; i < 40; i++) slow.sendRequest('history', { roomId, limit: 100 });

    await dropped;
    slow.tcp?.resume();
    expect(await slow.closedWithin(10_000)).toEqual({ code: 4008, reason: 'slow_consumer' });
    const replies = slow.received.filter((frame) => frame.type === 'reply').length;
    expect(replies).toBeLessThan(40);

    await sendText(ada.client, roomId, 'others are fine');
    await bob.client.sync();
    expect((await server.http('/healthz')).status).toBe(200);
  });

  it('closes a member that stops reading a busy room with 4008 after a gapless prefix, and lets it resume', async () => {
    const { server, ada, bob, slow, slowUser, roomId, dropped } = await floodable(1024 * 1024);
    slow.tcp?.pause();
    let closed = false;
    void dropped.then(() => {
      closed = true;
    });
    for (let batch = 1; !closed && batch <= 400; batch++) await bigBatch(ada, roomId, batch, 20);
    await dropped;
    slow.tcp?.resume();
    expect(await slow.closedWithin(10_000)).toEqual({ code: 4008, reason: 'slow_consumer' });
    const seqs = slow.received.flatMap((frame) => (frame.type === 'message' ? [frame.message.seq] : []));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));

    // Back with a reader that keeps up, it fetches what it missed: everything stored, each exactly once.
    const back = await server.signIn(slowUser);
    for (let after = seqs.length, more = true; more; ) {
      const page = await back.request('history', { roomId, after, limit: 100 });
      seqs.push(...page.messages.map((message) => message.seq));
      after = page.messages.at(-1)?.seq ?? after;
      more = page.hasMore;
    }
    expect(seqs).toEqual(server.db.messages(roomId).map((row) => row.seq));
    await bob.client.sync();
  });
});

describe('client addresses behind a reverse proxy', () => {
  it('counts connections per X-Forwarded-For address only when the proxy is trusted', async () => {
    const trusting = await startServer({ 'max-connections-per-ip': '1', 'trust-proxy': true });
    const fromA = { headers: { 'x-forwarded-for': '203.0.113.7, 198.51.100.1' } };
    await trusting.connect(fromA);
    await trusting.connect({ headers: { 'x-forwarded-for': '198.51.100.2' } });
    expect((await TestClient.refusedUpgrade(trusting.wsUrl, fromA)).status).toBe(429);

    const ignoring = await startServer({ 'max-connections-per-ip': '1' });
    await ignoring.connect(fromA);
    const spoofed = await TestClient.refusedUpgrade(ignoring.wsUrl, { headers: { 'x-forwarded-for': '198.51.100.2' } });
    expect(spoofed.status).toBe(429);
  });
});
