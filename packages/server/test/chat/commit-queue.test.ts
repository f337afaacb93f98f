// Ack after commit, shown on a server in another process while this test holds the database's write lock: nothing
// may be acked or broadcast until the messages can be committed.

import { registerUser, ServerProcess } from '@ichat/test-kit';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DatabaseReader } from '../support/database.js';
import { TestClient } from '../support/test-client.js';

/** How long the write lock is held: well under the server's 5 s busy timeout, long enough to see an early ack. */
const LOCK_MS = 400;

/** A server with this commit delay, and a signed-in user with a group of their own to write to. */
async function notesWithDelay(delayMs: number): Promise<{ server: ServerProcess; client: TestClient; roomId: number }> {
  const server = await ServerProcess.start({ args: ['--commit-delay-ms', String(delayMs)] });
  onTestFinished(() => server.dispose());
  const { token } = await registerUser(server.url, 'ada', { email: 'ada@example.test' });
  const client = await TestClient.connect(server.wsUrl);
  onTestFinished(() => client.close());
  await client.auth(token);
  const { roomId } = (await client.request('room.create_group', { name: 'notes', members: [] })).chat;
  return { server, client, roomId };
}

describe('group commit', () => {
  it('acks and broadcasts nothing while the commit cannot happen, then everything, stored, once it can', async () => {
    const server = await ServerProcess.start();
    onTestFinished(() => server.dispose());
    const database = server.databasePath;
    const signIn = async (name: string): Promise<{ id: number; client: TestClient }> => {
      const { user, token } = await registerUser(server.url, name, { email: `${name}@example.test` });
      const client = await TestClient.connect(server.wsUrl);
      onTestFinished(() => client.close());
      await client.auth(token);
      return { id: user.id, client };
    };
    const ada = await signIn('ada');
    const bob = await signIn('bob');
    const { roomId } = (await ada.client.request('room.open_direct', { with: 'bob' })).chat;
    await bob.client.event('chat');

    const lock = new BetterSqlite3(database);
    onTestFinished(() => {
      lock.close();
    });
    const seen = { ada: ada.client.received.length, bob: bob.client.received.length };
    lock.exec('begin immediate');
    const sends = Array.from({ length: 5 }, (_, i) =>
      ada.client.request('message.send', { roomId, clientMsgId: `locked-${i}`, text: `locked ${i}` }),
    );
    // Absence cannot be awaited: watch for a fixed window while the server is stuck on the lock.
    await new Promise((resolve) => setTimeout(resolve, LOCK_MS));
    const early = [...ada.client.received.slice(seen.ada), ...bob.client.received.slice(seen.bob)];
    expect(early.filter((frame) => frame.type === 'reply' || frame.type === 'message')).toEqual([]);
    lock.exec('commit');

    const acks = await Promise.all(sends);
    expect(acks.map((ack) => ack.message.seq)).toEqual([1, 2, 3, 4, 5]);
    for (let seq = 1; seq <= 5; seq++) await bob.client.event('message', (e) => e.message.seq === seq);
    const reader = new DatabaseReader(database);
    onTestFinished(() => reader.close());
    expect(reader.messages(roomId).map((row) => row.clientMsgId)).toEqual(acks.map((ack) => ack.message.clientMsgId));
  });

  it('with a commit delay, commits a quiet server\'s message at once and holds the next ones for the rest of the delay', async () => {
    const delayMs = 400;
    const { client, roomId } = await notesWithDelay(delayMs);

    const firstSent = performance.now();
    await client.request('message.send', { roomId, clientMsgId: 'first', text: 'first' });
    // Nothing was committed within the delay before it: no waiting (the bound is far from the delay, for slow machines).
    expect(performance.now() - firstSent).toBeLessThan(delayMs * 0.75);
    // Sent right after that commit: they wait until the delay has passed since it started, then share one commit.
    const acks = await Promise.all(
      Array.from({ length: 3 }, (_, i) => client.request('message.send', { roomId, clientMsgId: `next-${i}`, text: `next ${i}` })),
    );
    // The first commit started after `firstSent`; timers may fire a millisecond early by this clock.
    expect(performance.now() - firstSent).toBeGreaterThanOrEqual(delayMs - 2);
    expect(acks.map((ack) => ack.message.seq)).toEqual([2, 3, 4]);
  });

  it('with a commit delay, holds a message that arrives while the previous commit runs for the rest of the delay too', async () => {
    const delayMs = 400;
    const { server, client, roomId } = await notesWithDelay(delayMs);

    // The first commit waits on the write lock this test holds; the second message arrives while it does.
    const lock = new BetterSqlite3(server.databasePath);
    onTestFinished(() => {
      lock.close();
    });
    lock.exec('begin immediate');
    const firstSent = performance.now();
    const first = client.request('message.send', { roomId, clientMsgId: 'first', text: 'first' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = client.request('message.send', { roomId, clientMsgId: 'second', text: 'second' });
    await new Promise((resolve) => setTimeout(resolve, LOCK_MS / 2));
    lock.exec('commit');

    const [firstAck, secondAck] = await Promise.all([first, second]);
    // The first commit started before the lock was let go (and ended with it, at about 250 ms); the second may not start
    // until the delay has passed since the first started, though it was queued long before the first ended.
    expect(performance.now() - firstSent).toBeGreaterThanOrEqual(delayMs - 2);
    expect([firstAck.message.seq, secondAck.message.seq]).toEqual([1, 2]);
  });
});
