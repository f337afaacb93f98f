import { describe, expect, it } from 'vitest';
import { IChatError, memoryStorage, type Message } from '../src/index.js';
import {
  connectClient,
  nextEvent,
  reachState,
  recordMessages,
  untilChats,
  type TestClient,
} from './support/fixtures.js';
import { useSharedServer } from './support/shared-server.js';

describe('outbox', () => {
  const shared = useSharedServer(['ada', 'grace']);
  let rooms = 0;

  async function pair(storage = memoryStorage()): Promise<{ ada: TestClient; grace: TestClient; roomId: number }> {
    const ada = await connectClient(shared.server, shared.user('ada'), { storage });
    const grace = await connectClient(shared.server, shared.user('grace'));
    shared.track(ada, grace);
    const chat = await ada.client.createGroup(`room ${(rooms += 1)}`, [shared.user('grace').username]);
    await untilChats(grace.client, (chats) => chats.some((c) => c.roomId === chat.roomId));
    return { ada, grace, roomId: chat.roomId };
  }

  it('queues sends made while offline, shows them as pending, and stores each once after reconnecting', async () => {
    const { ada, grace, roomId } = await pair();
    const received = recordMessages(grace.client);
    const lost = reachState(ada.client, 'reconnecting');
    ada.network.down();
    await lost;

    const sends = [ada.client.send(roomId, 'one'), ada.client.send(roomId, 'two'), ada.client.send(roomId, 'three')];
    expect(ada.client.pending.map((p) => [p.text, p.state])).toEqual([
      ['one', 'queued'],
      ['two', 'queued'],
      ['three', 'queued'],
    ]);

    ada.network.up();
    const stored = await Promise.all(sends);
    expect(stored.map((m) => [m.seq, m.text])).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
    ]);
    expect(ada.client.pending).toEqual([]);
    await received.until(3);
    expect(received.messages.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    const history = await grace.client.history(roomId);
    expect(history.messages.map((m) => m.text)).toEqual(['one', 'two', 'three']);
  });

  it('cancels a queued send, which is then never stored', async () => {
    const { ada, grace, roomId } = await pair();
    const lost = reachState(ada.client, 'reconnecting');
    ada.network.down();
    await lost;
    const kept = ada.client.send(roomId, 'kept');
    const dropped = ada.client.send(roomId, 'dropped', { clientMsgId: 'cancel-me' });
    expect(ada.client.cancel('cancel-me')).toBe(true);
    await expect(dropped).rejects.toMatchObject({ code: 'cancelled' });
    expect(ada.client.pending.map((p) => p.text)).toEqual(['kept']);
    ada.network.up();
    await kept;
    const history = await grace.client.history(roomId);
    expect(history.messages.map((m) => m.text)).toEqual(['kept']);
  });

  it('stores a message once when its ack is lost and it is resent with the same clientMsgId', async () => {
    const { ada, grace, roomId } = await pair();
    const received = recordMessages(grace.client);
    const sentEvents: boolean[] = [];
    ada.client.on('sent', ({ duplicate }) => sentEvents.push(duplicate));

    // The frame is on the wire; the socket closes before the server's ack can come back.
    const sending = ada.client.send(roomId, 'exactly once', { clientMsgId: 'race-1' });
    expect(ada.client.pending[0]?.state).toBe('sending');
    ada.network.closeSockets();
    const message = await sending;

    expect(sentEvents).toEqual([true]);
    expect(ada.client.pending).toEqual([]);
    const marker = await ada.client.send(roomId, 'marker');
    await received.until(2);
    const history = await grace.client.history(roomId);
    expect(history.messages).toEqual([message, marker]);
    expect(received.messages).toEqual([message, marker]);
  });

  it('stores one message when two sends of the same clientMsgId race each other to the server', async () => {
    const { ada, grace, roomId } = await pair();
    const twin = await connectClient(shared.server, shared.user('ada'));
    shared.track(twin);
    const received = recordMessages(grace.client);
    const duplicates: boolean[] = [];
    for (const { client } of [ada, twin]) client.on('sent', ({ duplicate }) => duplicates.push(duplicate));
    const [first, second] = await Promise.all([
      ada.client.send(roomId, 'twice on the wire', { clientMsgId: 'race-2' }),
      twin.client.send(roomId, 'twice on the wire', { clientMsgId: 'race-2' }),
    ]);
    expect(second).toEqual(first);
    expect(duplicates.sort()).toEqual([false, true]);
    // A later message marks the end of the stream: anything delivered twice would have arrived before it.
    const marker = await ada.client.send(roomId, 'marker');
    await received.until(2);
    expect((await grace.client.history(roomId)).messages).toEqual([first, marker]);
    expect(received.messages).toEqual([first, marker]);
  });

  it('resends what an earlier client left in storage, after a restart of the app', async () => {
    const storage = memoryStorage();
    const { ada, grace, roomId } = await pair(storage);
    const lost = reachState(ada.client, 'reconnecting');
    ada.network.down();
    await lost;
    const abandoned = ada.client.send(roomId, 'left behind');
    ada.client.close();
    await expect(abandoned).rejects.toMatchObject({ code: 'disconnected' });
    expect((await storage.load()).map((s) => s.text)).toEqual(['left behind']);

    const received = recordMessages(grace.client);
    const next = await connectClient(shared.server, shared.user('ada'), { storage });
    shared.track(next);
    const sent = await nextEvent(next.client, 'sent');
    expect(sent.message.text).toBe('left behind');
    await received.until(1);
    expect(received.messages.map((m: Message) => m.text)).toEqual(['left behind']);
    expect(await storage.load()).toEqual([]);
  });

  it("neither lists nor sends another account's sends left in shared storage", async () => {
    const storage = memoryStorage();
    const { ada, roomId } = await pair(storage);
    const lost = reachState(ada.client, 'reconnecting');
    ada.network.down();
    await lost;
    const abandoned = ada.client.send(roomId, 'ada wrote this');
    ada.client.close();
    await expect(abandoned).rejects.toMatchObject({ code: 'disconnected' });

    // Grace signs in on the same device (same storage): Ada's send is not hers to show or to send.
    const grace = await connectClient(shared.server, shared.user('grace'), { storage });
    shared.track(grace);
    expect(grace.client.pending).toEqual([]);
    expect((await storage.load()).map((s) => s.text)).toEqual(['ada wrote this']);
  });

  it('refuses an empty message before queueing it', async () => {
    const { ada, roomId } = await pair();
    const error: unknown = await ada.client.send(roomId, '   ').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IChatError);
    expect(error).toMatchObject({ code: 'validation_failed', field: 'text' });
    expect(ada.client.pending).toEqual([]);
  });

  it('rejects a send the server refuses for good and drops it from the outbox', async () => {
    const { ada } = await pair();
    const failed = nextEvent(ada.client, 'send.failed');
    const error: unknown = await ada.client.send(999_999, 'nowhere').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IChatError);
    expect(error).toMatchObject({ code: 'forbidden', field: 'roomId' });
    expect((await failed).error.code).toBe('forbidden');
    expect(ada.client.pending).toEqual([]);
  });
});
