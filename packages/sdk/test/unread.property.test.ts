// Property-style test of the chat list's counts against the real server: writers send (some mentioning the reader),
// edit and delete, while the reader sends and marks rooms read from two devices whose connections are cut at random;
// each device ends with exactly the unread and mentioned counts, read marker and last seq a fresh connection gets.

import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Chat, Message } from '../src/index.js';
import { connectClient, reachState, registerUser, untilChats, type TestClient } from './support/fixtures.js';
import { useSharedServer } from './support/shared-server.js';
import { propertySettings as settings } from '@ichat/test-kit';

/** The run's two rooms: a group of the reader and both writers, and a direct room of the reader and the first writer. */
type RoomName = 'group' | 'direct';

/** One of the reader's devices (the phone, the laptop), or one of the writers (ann, in both rooms, and bob), by index. */
type Index = 0 | 1;

const room = fc.constantFrom<RoomName>('group', 'direct');
const device = fc.constantFrom<Index>(0, 1);

const step = fc.oneof(
  // A writer's message (in the direct room always the first writer's); `mention` puts `@reader` in its text.
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('send' as const), room, writer: fc.constantFrom<Index>(0, 1), mention: fc.boolean() }),
  },
  // The reader's own message, from one device: never unread. From an unplugged device it waits in the outbox.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('own' as const), room, device }) },
  // A writer deletes, or edits (adding or dropping the mention), one of its messages not deleted yet, read or not.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(), mention: fc.boolean() }) },
  // The reader marks a room read from a device, up to the newest message that device has (`back` 0) or an earlier one.
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('read' as const), room, device, back: fc.nat({ max: 3 }) }) },
  // Toggles a device's network: a pulled cable (until the next cut of that device), or a clean close it reconnects from.
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cut' as const), device, pull: fc.boolean() }) },
);

/** What the property compares, per room. */
const COUNTS = ['unread', 'mentioned', 'readSeq', 'lastSeq'] as const;

/** Where a device's chat list differs from the server's, one line per room and field, naming both values. */
function mismatches(who: string, chats: readonly Chat[], server: readonly Chat[], label: (roomId: number) => string): string[] {
  return server.flatMap((truth) => {
    const mine = chats.find((chat) => chat.roomId === truth.roomId);
    if (mine === undefined) return [`${who}, ${label(truth.roomId)}: not in the chat list`];
    return COUNTS.filter((field) => mine[field] !== truth[field]).map(
      (field) => `${who}, ${label(truth.roomId)}: ${field} ${mine[field]}, server ${truth[field]}`,
    );
  });
}

/** A writer's message that is still there, so it may be edited or deleted; `mentions` whether its text names the reader. */
interface Written {
  room: RoomName;
  seq: number;
  writer: Index;
  mentions: boolean;
}

/** What the server should count in a room from what the steps left: the writers' live messages past the read marker. */
function expectedCounts(written: readonly Written[], room: RoomName, readSeq: number): { unread: number; mentioned: number } {
  const unread = written.filter((message) => message.room === room && message.seq > readSeq);
  return { unread: unread.length, mentioned: unread.filter((message) => message.mentions).length };
}

describe('unread and mentioned counts converge under random outages against a real server', () => {
  // Each run makes a group and a direct room, and a failure's shrinking makes many more.
  const shared = useSharedServer(['ann', 'bob'], ['--rooms-per-hour', '100000']);
  let groups = 0;

  it('leaves both of the reader\'s devices with the server\'s counts in every room', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 50 }), async (steps) => {
        // A new reader per run: its chat list holds this run's two rooms only, and a counterexample stands alone.
        const reader = await registerUser(shared.server, 'reader');
        const writers = [await connectClient(shared.server, shared.user('ann')), await connectClient(shared.server, shared.user('bob'))] as const;
        const phone = await connectClient(shared.server, reader);
        const laptop = await connectClient(shared.server, reader);
        const devices = [phone, laptop] as const;
        const clients: TestClient[] = [...writers, ...devices];
        shared.track(...clients);
        try {
          const [ann, bob] = writers;
          const group = await ann.client.createGroup(`unread ${(groups += 1)}`, [reader.username, shared.user('bob').username]);
          const direct = await ann.client.openDirect(reader.username);
          const roomIds: Record<RoomName, number> = { group: group.roomId, direct: direct.roomId };
          const label = (roomId: number): string => `${roomId === group.roomId ? 'group' : 'direct'} room ${roomId}`;
          const hasRooms = (chats: readonly Chat[]): boolean => Object.values(roomIds).every((id) => chats.some((c) => c.roomId === id));
          await untilChats(bob.client, (chats) => chats.some((c) => c.roomId === group.roomId));
          for (const { client } of devices) await untilChats(client, hasRooms);

          const pulled: [boolean, boolean] = [false, false];
          const written: Written[] = [];
          const queued: Promise<Message>[] = [];
          let sent = 0;
          for (const next of steps) {
            if (next.kind === 'send') {
              const writer: Index = next.room === 'direct' ? 0 : next.writer;
              const text = next.mention ? `@${reader.username} m${(sent += 1)}` : `m${(sent += 1)}`;
              const message = await writers[writer].client.send(roomIds[next.room], text);
              written.push({ room: next.room, seq: message.seq, writer, mentions: next.mention });
            } else if (next.kind === 'own') {
              const sending = devices[next.device].client.send(roomIds[next.room], `mine ${(sent += 1)}`);
              // Unplugged, the send waits in the outbox for the cable; otherwise (a clean close too) it goes out now.
              if (pulled[next.device]) queued.push(sending);
              else await sending;
            } else if (next.kind === 'read') {
              // An unplugged device cannot ask: the other one does, if it can.
              const index: Index = pulled[next.device] ? (next.device === 0 ? 1 : 0) : next.device;
              if (pulled[index]) continue;
              const by = devices[index].client;
              await reachState(by, 'open');
              const known = by.chats.find((c) => c.roomId === roomIds[next.room])?.lastSeq ?? 0;
              await by.markRead(roomIds[next.room], Math.max(0, known - next.back));
            } else if (next.kind === 'cut') {
              const { client, network } = devices[next.device];
              if (pulled[next.device]) {
                network.up();
                pulled[next.device] = false;
              } else if (next.pull) {
                const lost = reachState(client, 'reconnecting');
                network.down();
                await lost;
                pulled[next.device] = true;
              } else {
                // Wait for the device to notice the close, so that its next request waits for the reconnect instead of
                // going out on the closing socket.
                const closed = reachState(client, 'reconnecting');
                network.closeSockets();
                await closed;
              }
            } else if (written.length > 0) {
              // Counted from the newest: small picks (which fast-check favours) hit recent, likely unread, messages.
              const index = written.length - 1 - (next.pick % written.length);
              const target = written[index];
              if (target === undefined) continue;
              const by = writers[target.writer].client;
              if (next.kind === 'delete') {
                await by.delete(roomIds[target.room], target.seq);
                written.splice(index, 1);
              } else {
                await by.edit(roomIds[target.room], target.seq, next.mention ? `@${reader.username} edited` : 'edited');
                target.mentions = next.mention;
              }
            }
          }
          for (const index of [0, 1] as const) if (pulled[index]) devices[index].network.up();
          await Promise.all(queued);

          // Nothing is written any more: a new connection's chat list is what the server counts.
          const fresh = await connectClient(shared.server, reader);
          clients.push(fresh);
          const server = fresh.client.chats;
          expect(server.map((c) => c.roomId).sort((a, b) => a - b)).toEqual(Object.values(roomIds).sort((a, b) => a - b));
          // The truth is the server's; it should also be what the steps left (the reader's own messages never count).
          for (const name of ['group', 'direct'] as const) {
            const truth = server.find((c) => c.roomId === roomIds[name]);
            expect({ room: name, unread: truth?.unread, mentioned: truth?.mentioned }).toEqual({
              room: name,
              ...expectedCounts(written, name, truth?.readSeq ?? 0),
            });
          }
          for (const { client } of devices) await client.whenSynced(10_000);
          // A device may still be applying what came while it resumed; it must end where the server is.
          const differences = (): string[] => [
            ...mismatches('phone', phone.client.chats, server, label),
            ...mismatches('laptop', laptop.client.chats, server, label),
          ];
          await expect.poll(differences, { timeout: 3_000 }).toEqual([]);
        } finally {
          for (const { client } of clients) client.close();
        }
      }),
      // A failure's shrinking (each failing attempt waits out the poll) stops in time to print the smallest case so far.
      { ...settings(25), plugins: [fc.interruptAfterTimeLimit(180_000)] },
    );
  });
});
