import { describe, expect, it } from 'vitest';
import type { Message } from '../src/index.js';
import { connectClient, nextEvent, reachState, recordMessages, untilChats, type TestClient } from './support/fixtures.js';
import { useSharedServer } from './support/shared-server.js';

/** Checks a room's delivered messages are exactly seq 1..count, each once, in order. */
function expectExactSequence(messages: readonly Message[], roomId: number, count: number): void {
  const seqs = messages.filter((m) => m.roomId === roomId).map((m) => m.seq);
  expect(seqs).toEqual(Array.from({ length: count }, (_, i) => i + 1));
}

async function sendMany(sender: TestClient, roomId: number, from: number, to: number): Promise<void> {
  const sends: Promise<Message>[] = [];
  for (let n = from; n <= to; n += 1) sends.push(sender.client.send(roomId, `message ${n}`));
  await Promise.all(sends);
}

describe('resume after an outage', () => {
  const shared = useSharedServer(['ada', 'grace']);
  let rooms = 0;

  async function pair(): Promise<{ ada: TestClient; grace: TestClient; roomId: number; groupId: number }> {
    const ada = await connectClient(shared.server, shared.user('ada'));
    const grace = await connectClient(shared.server, shared.user('grace'));
    shared.track(ada, grace);
    const direct = await ada.client.createGroup(`direct-ish ${(rooms += 1)}`, [shared.user('grace').username]);
    const group = await ada.client.createGroup(`group ${(rooms += 1)}`, [shared.user('grace').username]);
    await untilChats(grace.client, (chats) => chats.some((c) => c.roomId === group.roomId));
    return { ada, grace, roomId: direct.roomId, groupId: group.roomId };
  }

  it('recovers every message missed while the server was killed and restarted, in order, once', async () => {
    const { ada, grace, roomId, groupId } = await pair();
    const received = recordMessages(grace.client);
    await sendMany(ada, roomId, 1, 5);
    await received.until(5);

    // Grace cannot come back until told, so what Ada sends after the restart is only reachable through history.
    const graceLost = reachState(grace.client, 'reconnecting');
    const adaLost = reachState(ada.client, 'reconnecting');
    grace.network.down();
    await shared.server.kill('SIGKILL');
    await Promise.all([graceLost, adaLost]);
    await shared.server.restart();
    await ada.client.whenSynced();

    await sendMany(ada, roomId, 6, 260); // more than two history pages
    await sendMany(ada, groupId, 1, 30);

    const resumed = nextEvent(grace.client, 'resumed');
    grace.network.up();
    const report = await resumed;
    // Live messages sent while Grace catches up must merge into the same ordered stream.
    await sendMany(ada, roomId, 261, 270);
    await received.until(5 + 265 + 30);
    // A last message marks the end of the stream: anything delivered twice would have arrived before it.
    await sendMany(ada, roomId, 271, 271);
    await received.until(301);

    expectExactSequence(received.messages, roomId, 271);
    expectExactSequence(received.messages, groupId, 30);
    expect(received.messages).toHaveLength(301);
    expect(report.rooms).toEqual(
      expect.arrayContaining([
        { roomId, fromSeq: 5, toSeq: report.rooms.find((r) => r.roomId === roomId)!.toSeq, count: expect.any(Number) },
        { roomId: groupId, fromSeq: 0, toSeq: 30, count: 30 },
      ]),
    );
    expect(report.rooms.find((r) => r.roomId === roomId)!.toSeq).toBeGreaterThanOrEqual(260);
    expect(report.messages.filter((m) => m.roomId === groupId).map((m) => m.seq)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
  });

  it('recovers what was missed while the network was cut, without duplicates', async () => {
    const { ada, grace, roomId } = await pair();
    const received = recordMessages(grace.client);
    await sendMany(ada, roomId, 1, 3);
    await received.until(3);

    const lost = reachState(grace.client, 'reconnecting');
    grace.network.down();
    await lost;
    await sendMany(ada, roomId, 4, 150);
    const resumed = nextEvent(grace.client, 'resumed');
    grace.network.up();
    const report = await resumed;
    await sendMany(ada, roomId, 151, 151);
    await received.until(151);

    expectExactSequence(received.messages, roomId, 151);
    expect(report.rooms).toContainEqual({ roomId, fromSeq: 3, toSeq: 150, count: 147 });
    expect(report.messages.map((m) => m.seq)).toEqual(Array.from({ length: 147 }, (_, i) => i + 4));
    expect(report.outageMs).toBeGreaterThan(0);
  });

  it('delivers nothing twice when sockets are cut repeatedly during a burst', async () => {
    const { ada, grace, roomId } = await pair();
    const received = recordMessages(grace.client);
    const burst = sendMany(ada, roomId, 1, 200);
    for (let cut = 0; cut < 3; cut += 1) {
      const resumed = nextEvent(grace.client, 'resumed');
      grace.network.closeSockets();
      await resumed;
    }
    await burst;
    await sendMany(ada, roomId, 201, 201);
    await received.until(201);
    expectExactSequence(received.messages, roomId, 201);
  });

  it('announces rooms the user was removed from while away', async () => {
    const { ada, grace, groupId } = await pair();
    const lost = reachState(grace.client, 'reconnecting');
    grace.network.down();
    await lost;
    await ada.client.removeMember(groupId, shared.user('grace').id);
    const removed = nextEvent(grace.client, 'chat.removed', (event) => event.roomId === groupId);
    grace.network.up();
    await removed;
    await grace.client.whenSynced();
    expect(grace.client.chats.some((c) => c.roomId === groupId)).toBe(false);
  });

  it('updates the chat list of a client that was away', async () => {
    const { ada, grace, roomId } = await pair();
    const lost = reachState(grace.client, 'reconnecting');
    grace.network.down();
    await lost;
    await sendMany(ada, roomId, 1, 4);
    const resumed = nextEvent(grace.client, 'resumed');
    grace.network.up();
    await resumed;
    const chat = grace.client.chats.find((c) => c.roomId === roomId);
    expect(chat).toMatchObject({ lastSeq: 4, unread: 4 });
    expect(grace.client.chats[0]?.roomId).toBe(roomId);
  });
});
