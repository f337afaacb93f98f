// The mentions contract: `@username` of a room member is found at send and edit time, kept in step with deletions,
// and counted after each member's read marker; anyone else's name is plain text.

import type { QueuedMessage } from '../../../src/store/contract/store.js';
import { describe, expect, it } from 'vitest';
import { addUser, openStore, send, type StoreFactory } from './fixtures.js';

function saying(roomId: number, senderId: number, clientMsgId: string, text: string): QueuedMessage {
  return { roomId, senderId, clientMsgId, text, createdAt: 2_000 };
}

export function describeMentionStoreContract(makeStore: StoreFactory): void {
  describe('mentions', () => {
    it('lists the members a message names, in the order named, case aside; others, the sender and addresses are plain text', async () => {
      const store = await openStore(makeStore);
      const ada = (await addUser(store, 'ada')).id;
      const bob = (await addUser(store, 'bob')).id;
      const cy = (await addUser(store, 'cy.l')).id;
      const outsider = (await addUser(store, 'outsider')).id;
      const roomId = await store.rooms.createGroup(ada, 'Team', [bob, cy], 10);
      const [first, plain] = await send(store, [
        saying(roomId, ada, 'm1', 'hi @CY.L. and @bob, @bob again; not @outsider, @ada, bob@ada.org or @nobody'),
        saying(roomId, ada, 'm2', 'no one here'),
      ]);
      expect(first?.mentions).toEqual([cy, bob]);
      expect(plain).not.toHaveProperty('mentions');
      expect((await store.messages.find(roomId, 1))?.mentions).toEqual([cy, bob]);
      expect((await store.messages.history(roomId, { limit: 10 })).messages.map((message) => message.mentions)).toEqual([
        [cy, bob],
        undefined,
      ]);
      expect((await store.chats.view(roomId, bob))?.mentioned).toBe(1);
      expect((await store.chats.view(roomId, ada))?.mentioned).toBe(0);
      expect(await store.chats.view(roomId, outsider)).toBeUndefined();
    });

    it('counts mentions after the read marker in the chat list, views and read markers', async () => {
      const store = await openStore(makeStore);
      const ada = (await addUser(store, 'ada')).id;
      const bob = (await addUser(store, 'bob')).id;
      const { roomId } = await store.rooms.openDirect(ada, bob, 10);
      await send(store, [
        saying(roomId, ada, 'm1', '@bob one'),
        saying(roomId, ada, 'm2', 'two'),
        saying(roomId, ada, 'm3', 'three @bob'),
      ]);
      expect((await store.chats.list(bob))[0]).toMatchObject({ unread: 3, mentioned: 2 });
      expect((await store.chats.views(roomId, [ada, bob])).get(bob)).toMatchObject({ mentioned: 2 });
      expect(await store.messages.markRead(roomId, bob, 1)).toEqual({ readSeq: 1, unread: 2, mentioned: 1, lastSeq: 3, changeSeq: 0 });
      expect(await store.messages.markRead(roomId, bob, 3)).toEqual({ readSeq: 3, unread: 0, mentioned: 0, lastSeq: 3, changeSeq: 0 });
    });

    it('finds mentions again on edit and drops them on deletion', async () => {
      const store = await openStore(makeStore);
      const ada = (await addUser(store, 'ada')).id;
      const bob = (await addUser(store, 'bob')).id;
      const cy = (await addUser(store, 'cyd')).id;
      const roomId = await store.rooms.createGroup(ada, 'Team', [bob, cy], 10);
      await send(store, [saying(roomId, ada, 'm1', '@bob look'), saying(roomId, ada, 'm2', '@cyd too')]);
      const edited = await store.messages.edit(roomId, 1, 'now @cyd instead', 3_000);
      expect(edited.mentions).toEqual([cy]);
      expect((await store.chats.view(roomId, bob))?.mentioned).toBe(0);
      expect((await store.chats.view(roomId, cy))?.mentioned).toBe(2);
      const deleted = await store.messages.delete(roomId, 2, 4_000);
      expect(deleted).not.toHaveProperty('mentions');
      expect((await store.chats.view(roomId, cy))?.mentioned).toBe(1);
      const dropped = await store.messages.edit(roomId, 1, 'never mind', 5_000);
      expect(dropped).not.toHaveProperty('mentions');
      expect((await store.messages.changes(roomId, 0, 10)).messages.map((message) => message.mentions)).toEqual([undefined, undefined]);
      expect((await store.chats.view(roomId, cy))?.mentioned).toBe(0);
    });

    it('mentions only who is a member when the message is stored', async () => {
      const store = await openStore(makeStore);
      const ada = (await addUser(store, 'ada')).id;
      const bob = (await addUser(store, 'bob')).id;
      const cy = (await addUser(store, 'cyd')).id;
      const roomId = await store.rooms.createGroup(ada, 'Team', [bob], 10);
      const [before] = await send(store, [saying(roomId, ada, 'm1', '@cyd, welcome soon')]);
      expect(before).not.toHaveProperty('mentions');
      await store.rooms.addMembers(roomId, [cy], 20);
      expect((await store.chats.view(roomId, cy))?.mentioned).toBe(0);
      const [after] = await send(store, [saying(roomId, ada, 'm2', '@cyd, welcome')]);
      expect(after?.mentions).toEqual([cy]);
      expect((await store.chats.view(roomId, cy))?.mentioned).toBe(1);
    });
  });
}
