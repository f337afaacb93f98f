// Property of the message feed: whatever the arrival order, duplicates, gaps and disconnects, each room's messages
// reach the app exactly once and in seq order, and a resume leaves nothing behind.

import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IChatError, type Message } from '../src/index.js';
import { MessageFeed } from '../src/message-feed.js';
import { propertySettings as settings } from '@ichat/test-kit';


function message(roomId: number, seq: number): Message {
  return { id: roomId * 10_000 + seq, roomId, seq, kind: 'user', senderId: 1, text: `m${seq}`, createdAt: seq, editedAt: null, deleted: false, clientMsgId: null, changeSeq: 0 };
}

/** What happens next: the server stores a message (pushed live or lost), an old one arrives again, the link drops or returns, time passes. */
type Event =
  | { kind: 'store'; room: number; live: boolean }
  | { kind: 'replay'; room: number; back: number }
  | { kind: 'disconnect' }
  | { kind: 'reconnect' }
  | { kind: 'tick'; macro: boolean };

const ROOMS = 3;
const room = fc.nat({ max: ROOMS - 1 });
const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('store' as const), room, live: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replay' as const), room, back: fc.nat({ max: 8 }) }) },
  { weight: 1, arbitrary: fc.constant<Event>({ kind: 'disconnect' }) },
  { weight: 1, arbitrary: fc.constant<Event>({ kind: 'reconnect' }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tick' as const), macro: fc.boolean() }) },
);

const scenario = fc.record({
  /** Messages each room already has when the app starts, and where the app's snapshot says it stands. */
  rooms: fc.array(fc.record({ stored: fc.nat({ max: 30 }), behind: fc.nat({ max: 30 }) }), { minLength: ROOMS, maxLength: ROOMS }),
  pageSize: fc.integer({ min: 1, max: 7 }),
  /** Whether history answers after a macrotask (slow) or a microtask (fast): this moves fills relative to live traffic. */
  slowHistory: fc.boolean(),
  events: fc.array(event, { maxLength: 60 }),
});

function pause(macro: boolean): Promise<void> {
  return macro ? new Promise((resolve) => setTimeout(resolve, 0)) : Promise.resolve();
}

describe('MessageFeed under random arrivals and disconnects', () => {
  it('delivers every message of every room exactly once, in seq order', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ rooms, pageSize, slowHistory, events }) => {
        const lastSeq = rooms.map((r) => r.stored);
        let connected = true;
        // The test's own server: a room's messages 1..lastSeq, paged; refused while the link is down.
        const fetchAfter = async (roomId: number, after: number) => {
          await pause(slowHistory);
          if (!connected) throw new IChatError('disconnected', 'The connection was lost');
          const last = lastSeq[roomId] ?? 0;
          const messages: Message[] = [];
          for (let seq = after + 1; seq <= Math.min(last, after + pageSize); seq += 1) messages.push(message(roomId, seq));
          return { messages, hasMore: after + pageSize < last };
        };
        const delivered: number[][] = rooms.map(() => []);
        const start = rooms.map((r) => Math.max(0, r.stored - r.behind));
        // Recorded rather than thrown: a delivery inside a live fill runs where the feed swallows errors.
        const violations: string[] = [];
        const feed = new MessageFeed(fetchAfter, (m) => {
          const seen = delivered[m.roomId];
          const expected = (seen?.at(-1) ?? start[m.roomId] ?? 0) + 1;
          // In order and once: each delivery is the next seq after the last one delivered (or the start).
          if (seen === undefined || m.seq !== expected) violations.push(`room ${m.roomId}: got ${m.seq}, expected ${expected}`);
          seen?.push(m.seq);
        });
        for (const [roomId, from] of start.entries()) feed.follow(roomId, from);
        feed.goLive();
        const resumes: Promise<unknown>[] = [];

        for (const next of events) {
          if (next.kind === 'store') {
            const seq = (lastSeq[next.room] ?? 0) + 1;
            lastSeq[next.room] = seq;
            if (next.live && connected) feed.receive(message(next.room, seq));
          } else if (next.kind === 'replay') {
            const seq = (lastSeq[next.room] ?? 0) - next.back;
            if (seq >= 1 && connected) feed.receive(message(next.room, seq));
          } else if (next.kind === 'disconnect') {
            if (connected) feed.pause();
            connected = false;
          } else if (next.kind === 'reconnect') {
            if (!connected) {
              connected = true;
              // A resume that a later disconnect cuts short fails with `disconnected`; the next one finishes the job.
              resumes.push(feed.resume(0).catch((error: unknown) => expect(error).toMatchObject({ code: 'disconnected' })));
            }
          } else {
            await pause(next.macro);
          }
        }

        // The last reconnect: everything stored while away, or pushed and lost, comes back through history.
        connected = true;
        feed.pause();
        await feed.resume(0);
        await Promise.all(resumes);
        for (let i = 0; i < 3; i += 1) await pause(true);
        expect(violations).toEqual([]);
        for (const [roomId, seen] of delivered.entries()) {
          const from = start[roomId] ?? 0;
          expect(seen).toEqual(Array.from({ length: (lastSeq[roomId] ?? 0) - from }, (_, i) => from + i + 1));
        }
      }),
      settings(200),
    );
  });
});
