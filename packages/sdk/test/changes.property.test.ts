// Property-style convergence test against the real server: sends, edits, deletions and reactions (the writer's and the
// reader's own) interleaved with random outages of the reader; the reader ends with exactly the server's messages,
// reactions included, each message and each change applied once.

import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IChatClient, Message } from '../src/index.js';
import { connectClient, reachState, untilChats } from './support/fixtures.js';
import { useSharedServer } from './support/shared-server.js';
import { propertySettings as settings } from '@ichat/test-kit';

const step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('send' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('react' as const),
      pick: fc.nat(),
      emoji: fc.constantFrom('👍', '❤️', '😂'),
      // The reader reacts too (when online), so its own reactions must come back as `myReactions`.
      byReader: fc.boolean(),
      added: fc.boolean(),
    }),
  },
  // Toggles the reader's network: a pulled cable, or a clean close it reconnects from at once.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cut' as const), pull: fc.boolean() }) },
);

/** What the reader has, as the app sees it: messages by seq, and every change as it was applied. */
function mirror(client: IChatClient, roomId: number): { bySeq: Map<number, Message>; delivered: number[]; changes: string[] } {
  const bySeq = new Map<number, Message>();
  const delivered: number[] = [];
  const changes: string[] = [];
  client.on('message', (message) => {
    if (message.roomId !== roomId) return;
    delivered.push(message.seq);
    bySeq.set(message.seq, message);
  });
  client.on('message.updated', (message) => {
    if (message.roomId !== roomId) return;
    changes.push(`${message.seq}@${message.changeSeq}`);
    bySeq.set(message.seq, message);
  });
  return { bySeq, delivered, changes };
}

describe('edits, deletions and reactions converge under random outages against a real server', () => {
  // Each run makes a group, and a failure's shrinking makes many more: past the default hourly allowance of groups.
  const shared = useSharedServer(['ada', 'grace'], ['--rooms-per-hour', '100000']);
  let groups = 0;

  it('leaves the reader with the server\'s exact messages, none missed, none applied twice', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), async (steps) => {
        const ada = await connectClient(shared.server, shared.user('ada'));
        const grace = await connectClient(shared.server, shared.user('grace'));
        shared.track(ada, grace);
        const group = await ada.client.createGroup(`changes ${(groups += 1)}`, [shared.user('grace').username]);
        await untilChats(grace.client, (chats) => chats.some((c) => c.roomId === group.roomId));
        const seen = mirror(grace.client, group.roomId);
        const live: number[] = [];
        let pulled = false;
        let sent = 0;
        for (const next of steps) {
          if (next.kind === 'send') {
            live.push((await ada.client.send(group.roomId, `m${(sent += 1)}`)).seq);
          } else if (next.kind === 'cut') {
            if (pulled) {
              grace.network.up();
              pulled = false;
            } else if (next.pull) {
              const lost = reachState(grace.client, 'reconnecting');
              grace.network.down();
              await lost;
              pulled = true;
            } else {
              // Wait for the reader to notice the close, so that a reaction of its own afterwards waits for the
              // reconnect instead of going out on the closing socket.
              const closed = reachState(grace.client, 'reconnecting');
              grace.network.closeSockets();
              await closed;
            }
          } else if (live.length > 0) {
            const index = next.pick % live.length;
            const seq = live[index] ?? 1;
            if (next.kind === 'react') {
              const byReader = next.byReader && !pulled;
              // After a clean close the reader reconnects at once: its request waits for that.
              if (byReader) await reachState(grace.client, 'open');
              const by = byReader ? grace.client : ada.client;
              if (next.added) await by.react(group.roomId, seq, next.emoji);
              else await by.unreact(group.roomId, seq, next.emoji);
            } else if (next.kind === 'edit') await ada.client.edit(group.roomId, seq, `edit ${next.pick} of ${seq}`);
            else {
              await ada.client.delete(group.roomId, seq);
              live.splice(index, 1);
            }
          }
        }
        if (pulled) grace.network.up();
        // A last message and a last edit of it, sent while the reader may still be resuming.
        const end = await ada.client.send(group.roomId, 'end');
        await ada.client.edit(group.roomId, end.seq, 'the end');
        // Live, the edit comes as an update; a reader still resuming gets the message with the edit folded in.
        await expect.poll(() => seen.bySeq.get(end.seq)?.text, { timeout: 20_000 }).toBe('the end');

        // As the reader sees the room: `myReactions` are its own. A resume delivers the messages before it applies
        // the changes to earlier ones, so the reader may still be catching up on those: nothing is written any more,
        // and it must end where the server is.
        const server = await grace.client.history(group.roomId, { after: 0, limit: 100 });
        await expect.poll(() => [...seen.bySeq.values()].sort((a, b) => a.seq - b.seq), { timeout: 20_000 }).toEqual(server.messages);
        expect(seen.delivered).toEqual(server.messages.map((m) => m.seq));
        expect(new Set(seen.changes).size).toBe(seen.changes.length);
        expect(grace.client.chats.find((c) => c.roomId === group.roomId)?.lastMessage).toEqual(server.messages.at(-1));
        ada.client.close();
        grace.client.close();
      }),
      settings(12),
    );
  });
});
