import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, nextEvent, recordMessages, registerUser, untilChats, type TestUser } from './support/fixtures.js';
import { TestServer } from './support/server.js';

describe('heartbeat', () => {
  let server: TestServer;
  let ada: TestUser;
  let grace: TestUser;

  beforeAll(async () => {
    server = await TestServer.start();
    ada = await registerUser(server, 'ada');
    grace = await registerUser(server, 'grace');
  });

  afterAll(async () => {
    await server.stop();
  });

  it('drops a socket that stopped answering pings, reconnects, and resumes what it missed', async () => {
    const watcher = await connectClient(server, grace, { pingIntervalMs: 100, pingTimeoutMs: 300 });
    const chat = await watcher.client.openDirect(ada.username);
    const received = recordMessages(watcher.client);

    // Freeze before Ada connects, so only Grace's socket goes silent.
    server.freezeConnections();
    const lost = nextEvent(watcher.client, 'state', (change) => change.state === 'reconnecting');
    const sender = await connectClient(server, ada);
    await untilChats(sender.client, (chats) => chats.some((c) => c.roomId === chat.roomId));
    await sender.client.send(chat.roomId, 'sent into the silence');
    await lost;
    const report = await nextEvent(watcher.client, 'resumed');
    await received.until(1);
    expect(received.messages.map((m) => m.text)).toEqual(['sent into the silence']);
    expect(report.messages.map((m) => m.text)).toEqual(['sent into the silence']);
    sender.client.close();
    watcher.client.close();
  });
});
