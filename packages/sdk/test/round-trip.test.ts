import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, nextEvent, registerUser, type TestClient } from './support/fixtures.js';
import { TestServer } from './support/server.js';

describe('round trip against the real server', () => {
  let server: TestServer;
  let ada: TestClient;
  let grace: TestClient;

  beforeAll(async () => {
    server = await TestServer.start();
    ada = await connectClient(server, await registerUser(server, 'ada'));
    grace = await connectClient(server, await registerUser(server, 'grace'));
  });

  afterAll(async () => {
    ada.client.close();
    grace.client.close();
    await server.stop();
  });

  it('sends a message that resolves with its seq and reaches the other member once', async () => {
    const graceUser = grace.client.user;
    expect(graceUser).toBeDefined();
    const chat = await ada.client.openDirect(graceUser!.username);
    const arrived = nextEvent(grace.client, 'message', (m) => m.roomId === chat.roomId);
    const sent = await ada.client.send(chat.roomId, '  Hello, Grace!  ');
    expect(sent).toMatchObject({ roomId: chat.roomId, seq: 1, text: 'Hello, Grace!', senderId: ada.client.user!.id });
    expect(await arrived).toEqual(sent);
    expect(ada.client.pending).toEqual([]);
    const page = await grace.client.history(chat.roomId);
    expect(page).toEqual({ messages: [sent], hasMore: false });
  });

  it('edits and deletes a message, announced to the room as message.updated', async () => {
    const chat = await ada.client.openDirect(grace.client.user!.email);
    const sent = await ada.client.send(chat.roomId, 'first draft');
    const edited = nextEvent(grace.client, 'message.updated', (m) => m.seq === sent.seq && !m.deleted);
    const result = await ada.client.edit(chat.roomId, sent.seq, 'final text');
    expect(result.text).toBe('final text');
    expect(result.editedAt).not.toBeNull();
    expect((await edited).text).toBe('final text');
    const deleted = nextEvent(grace.client, 'message.updated', (m) => m.seq === sent.seq && m.deleted);
    await ada.client.delete(chat.roomId, sent.seq);
    expect(await deleted).toMatchObject({ deleted: true, text: '' });
  });

  it('answers ping with the server clock', async () => {
    const before = Date.now();
    const { serverTime } = await ada.client.ping();
    expect(serverTime).toBeGreaterThanOrEqual(before - 1000);
  });

  it('tells members who is typing', async () => {
    const chat = await ada.client.openDirect(grace.client.user!.username);
    const typing = nextEvent(grace.client, 'typing', (t) => t.roomId === chat.roomId);
    await ada.client.typing(chat.roomId);
    const { id, username, displayName, avatarUrl, data } = ada.client.user!;
    expect((await typing).user).toEqual({ id, username, displayName, avatarUrl, data });
  });

  it('fetches the current user over HTTP', async () => {
    expect(await ada.client.me()).toEqual(ada.client.user);
  });
});
