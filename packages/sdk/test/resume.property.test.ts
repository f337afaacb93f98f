// Property-style resume test against the real server: during a burst, sockets are cut at random moments (cleanly or
// as a pulled cable), and every message still arrives exactly once, in order.

import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message } from '../src/index.js';
import { connectClient, nextEvent, reachState, recordMessages, untilChats } from './support/fixtures.js';
import { useSharedServer } from './support/shared-server.js';
import { propertySettings as settings } from '@ichat/test-kit';


const cut = fc.record({
  /** Messages sent before this cut. */
  after: fc.integer({ min: 0, max: 30 }),
  /** A clean close, or the network pulled and restored after a pause. */
  kind: fc.constantFrom('close' as const, 'pull' as const),
  downMs: fc.integer({ min: 0, max: 150 }),
});

describe('resume under random disconnects against a real server', () => {
  const shared = useSharedServer(['ada', 'grace']);
  let groups = 0;

  it('delivers every message of a burst exactly once, in order, whatever the cuts', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cut, { minLength: 1, maxLength: 3 }), fc.integer({ min: 20, max: 60 }), async (cuts, total) => {
        const ada = await connectClient(shared.server, shared.user('ada'));
        const grace = await connectClient(shared.server, shared.user('grace'));
        shared.track(ada, grace);
        const group = await ada.client.createGroup(`burst ${(groups += 1)}`, [shared.user('grace').username]);
        await untilChats(grace.client, (chats) => chats.some((c) => c.roomId === group.roomId));
        const received = recordMessages(grace.client);
        const ordered = [...cuts].sort((a, b) => a.after - b.after);
        const sends: Promise<Message>[] = [];
        let sent = 0;
        for (const next of ordered) {
          for (; sent < Math.min(next.after, total); sent += 1) sends.push(ada.client.send(group.roomId, `m${sent + 1}`));
          const resumed = nextEvent(grace.client, 'resumed');
          if (next.kind === 'close') {
            grace.network.closeSockets();
          } else {
            const lost = reachState(grace.client, 'reconnecting');
            grace.network.down();
            await lost;
            await new Promise((resolve) => setTimeout(resolve, next.downMs));
            grace.network.up();
          }
          await resumed;
        }
        for (; sent < total; sent += 1) sends.push(ada.client.send(group.roomId, `m${sent + 1}`));
        await Promise.all(sends);
        await received.until(total);
        // One more marks the end: anything delivered twice would have arrived before it.
        await ada.client.send(group.roomId, 'end');
        await received.until(total + 1);
        const seqs = received.messages.filter((m) => m.roomId === group.roomId).map((m) => m.seq);
        expect(seqs).toEqual(Array.from({ length: total + 1 }, (_, i) => i + 1));
        ada.client.close();
        grace.client.close();
      }),
      settings(10),
    );
  });
});
