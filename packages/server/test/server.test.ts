// The server as a whole: graceful shutdown with messages in flight, and a restart on the same database file.

import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnswer, ROUTES } from '@ichat/protocol';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createGroup, openDirect, person, sendMany } from './support/chat.js';
import { DatabaseReader } from './support/database.js';
import { apiError } from './support/http.js';
import { PASSWORD, TestServer } from './support/test-server.js';

async function startServer(): Promise<TestServer> {
  const server = await TestServer.start({ 'messages-per-second': '1000', 'message-burst': '1000' });
  onTestFinished(() => server.dispose());
  return server;
}

describe('graceful shutdown', () => {
  it('acks every message sent just before close(), then closes sockets with 1001, and loses none', async () => {
    const server = await startServer();
    const ada = await person(server, 'ada');
    const bob = await person(server, 'bob');
    const { roomId } = await openDirect(ada.client, bob.user);

    const sends = Array.from({ length: 200 }, (_, i) =>
      ada.client.request('message.send', { roomId, clientMsgId: `last-${i}`, text: `last words ${i}` }),
    );
    const stopped = server.running.close();
    const acks = await Promise.all(sends);
    const closed = await ada.client.closedWithin();
    await stopped;

    expect(closed.code).toBe(1001);
    expect((await bob.client.closedWithin()).code).toBe(1001);
    // A socket delivers nothing after its close frame, so every ack above arrived before the 1001.
    expect(acks.every((ack) => !ack.duplicate)).toBe(true);
    expect(acks.map((ack) => ack.message.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const reader = new DatabaseReader(server.databasePath);
    onTestFinished(() => reader.close());
    expect(reader.messages(roomId).map((row) => row.clientMsgId)).toEqual(acks.map((ack) => ack.message.clientMsgId));
  });

  it('does not let a client that never stops sending hold the shutdown up', async () => {
    const server = await TestServer.start({ 'frames-per-second': '100000' });
    onTestFinished(() => server.dispose());
    const chatty = await server.signIn(await server.register('chatty'));
    const pinger = setInterval(() => {
      // Pings in flight when the socket closes go unanswered; only the replies that came matter here.
      if (chatty.isOpen) chatty.sendRequest('ping', {});
    }, 1);
    onTestFinished(() => clearInterval(pinger));

    const started = Date.now();
    await server.running.close();
    expect(Date.now() - started).toBeLessThan(4000);
    expect((await chatty.closedWithin()).code).toBe(1001);
    // It really was busy: the pings kept being answered while the server waited for quiet.
    expect(chatty.received.filter((frame) => frame.type === 'reply').length).toBeGreaterThan(10);
  });

  it('refuses requests on connections kept alive from before, then new connections', async () => {
    const server = await startServer();
    expect((await server.http('/healthz')).status).toBe(200);
    await server.running.close();
    // The keep-alive connection of the request above is still open: it gets a clear 503, then is closed.
    const late = await server.http('/healthz');
    expect(late.status).toBe(503);
    expect(apiError(late).code).toBe('unavailable');
    await expect(server.http('/healthz')).rejects.toThrow();
    await expect(server.connect()).rejects.toThrow();
  });
});

describe('restart on the same database', () => {
  it('keeps a generated secret beside the database, readable by its owner only', async () => {
    const server = await startServer();
    const mode = statSync(join(server.dir, 'secret.key')).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('honours old tokens only under the same secret', async () => {
    const first = await TestServer.start({ secret: 'first secret' });
    const user = await first.register('keyholder');
    await first.stop();
    const other = await TestServer.start({ secret: 'another secret' }, first.dir);
    expect((await other.http('/api/v1/me', { token: user.token })).status).toBe(401);
    await other.stop();
    const same = await TestServer.start({ secret: 'first secret' }, first.dir);
    onTestFinished(() => same.dispose());
    expect((await same.http('/api/v1/me', { token: user.token })).status).toBe(200);
  });

  it('keeps users, passwords, tokens, rooms, memberships, read markers and messages', async () => {
    const first = await TestServer.start();
    const ada = await person(first, 'ada');
    const bob = await person(first, 'bob');
    const carol = await first.register('carol');
    const direct = await openDirect(ada.client, bob.user);
    const group = await createGroup(ada.client, 'Survivors', [bob.user, carol]);
    const sent = await sendMany(ada.client, direct.roomId, 3);
    await sendMany(bob.client, group.roomId, 2);
    await bob.client.request('read', { roomId: direct.roomId, seq: 2 });
    const before = await bob.client.request('chats.list', {});

    const second = await first.restart();
    onTestFinished(() => second.dispose());

    // The old token still works (the generated secret is kept beside the database), and so does the password.
    const bobAgain = await second.signIn(bob.user);
    expect(await bobAgain.request('chats.list', {})).toEqual({ ...before, online: [] });
    expect((await bobAgain.request('history', { roomId: direct.roomId })).messages).toEqual(sent);
    const login = await second.http('/api/v1/auth/login', { body: { email: carol.email, password: PASSWORD } });
    expect(parseAnswer(ROUTES.login, login.body).user.id).toBe(carol.id);

    // Sequences continue where they stopped, and idempotency still recognises old client ids.
    const adaAgain = await second.signIn(ada.user);
    const resent = await adaAgain.request('message.send', { roomId: direct.roomId, clientMsgId: sent[0]?.clientMsgId ?? '', text: 'again' });
    expect(resent).toEqual({ message: sent[0], duplicate: true });
    const next = await adaAgain.request('message.send', { roomId: direct.roomId, clientMsgId: 'after-restart', text: 'hello again' });
    expect(next.message.seq).toBe(4);
    expect((await bobAgain.event('message')).message).toEqual(next.message);
  });
});
