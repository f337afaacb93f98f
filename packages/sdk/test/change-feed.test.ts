import { describe, expect, it } from 'vitest';
import type { Message } from '../src/index.js';
import { ChangeFeed } from '../src/change-feed.js';
import { MessageFeed } from '../src/message-feed.js';

/** A message of room 1 in the state a change left it. */
function changed(seq: number, changeSeq: number, text = `edit ${changeSeq}`): Message {
  return { id: seq, roomId: 1, seq, kind: 'user', senderId: 1, text, createdAt: seq, editedAt: changeSeq, deleted: false, clientMsgId: null, changeSeq };
}

/** A server that answers `message.changes` from the room's messages as they are now, in pages of `pageSize`. */
function serverOf(now: Message[], pageSize = 2) {
  const calls: number[] = [];
  const fetch = (_roomId: number, after: number) => {
    calls.push(after);
    const newer = now.filter((m) => m.changeSeq > after).sort((a, b) => a.changeSeq - b.changeSeq);
    return Promise.resolve({ messages: newer.slice(0, pageSize), hasMore: newer.length > pageSize });
  };
  return { fetch, calls };
}

const applied = (list: Message[]) => list.map((m) => `${m.seq}@${m.changeSeq}`);

describe('ChangeFeed', () => {
  it('applies live changes in order and drops repeats', () => {
    const seen: Message[] = [];
    const feed = new ChangeFeed(serverOf([]).fetch, (m) => seen.push(m));
    feed.follow(1, 0);
    feed.goLive();
    for (const [seq, changeSeq] of [[1, 1], [2, 2], [1, 1], [2, 2], [1, 3]] as const) feed.receive(changed(seq, changeSeq));
    expect(applied(seen)).toEqual(['1@1', '2@2', '1@3']);
  });

  it('resumes from its cursor to the change seq the chat list reports, page by page, each message at its latest', async () => {
    const seen: Message[] = [];
    const server = serverOf([changed(4, 3), changed(2, 5), changed(1, 6), changed(3, 7)]);
    const feed = new ChangeFeed(server.fetch, (m) => seen.push(m));
    feed.follow(1, 2);
    feed.goLive();
    feed.pause();
    feed.reconcile([{ roomId: 1, changeSeq: 7 }]);
    const updates = await feed.resume();
    expect(applied(seen)).toEqual(['4@3', '2@5', '1@6', '3@7']);
    expect(updates).toEqual(seen);
    expect(server.calls).toEqual([2, 5]);
    expect(feed.cursor(1)).toBe(7);
  });

  it('fetches nothing for a room that is not behind', async () => {
    const server = serverOf([changed(1, 1)]);
    const feed = new ChangeFeed(server.fetch, () => undefined);
    feed.follow(1, 1);
    feed.pause();
    feed.reconcile([{ roomId: 1, changeSeq: 1 }]);
    expect(await feed.resume()).toEqual([]);
    expect(server.calls).toEqual([]);
  });

  it('holds a live change past a gap until the gap is fetched, then applies the rest once', async () => {
    const seen: Message[] = [];
    const now = [changed(1, 2), changed(2, 3), changed(3, 4)];
    const feed = new ChangeFeed(serverOf(now, 10).fetch, (m) => seen.push(m));
    feed.follow(1, 1);
    feed.goLive();
    feed.receive(changed(3, 4));
    expect(seen).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    feed.receive(changed(2, 3));
    expect(applied(seen)).toEqual(['1@2', '2@3', '3@4']);
  });

  it('does not fetch again and again when the server has nothing before a change held ahead; the next resume asks once more', async () => {
    const seen: Message[] = [];
    const now: Message[] = [];
    const server = serverOf(now, 10);
    const feed = new ChangeFeed(server.fetch, (m) => seen.push(m));
    feed.follow(1, 1);
    feed.goLive();
    // Change 3 arrives live; the server's changes do not hold change 2 yet.
    feed.receive(changed(5, 3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.calls).toEqual([1]);
    expect(seen).toEqual([]);
    // Once the server has it, the resume after a reconnect fills the gap and applies the held change after it.
    now.push(changed(4, 2), changed(5, 3));
    feed.pause();
    await feed.resume();
    expect(server.calls).toEqual([1, 1]);
    expect(applied(seen)).toEqual(['4@2', '5@3']);
  });

  it('folds a change of a message not delivered yet into its delivery, and reports changes of delivered ones', () => {
    const delivered: Message[] = [];
    const updates: Message[] = [];
    const messages = new MessageFeed(() => Promise.resolve({ messages: [], hasMore: false }), (m) => delivered.push(m));
    messages.follow(1, 1);
    messages.goLive();
    const changes = new ChangeFeed(serverOf([]).fetch, (m) => {
      if (!messages.amend(m)) updates.push(m);
    });
    changes.follow(1, 0);
    changes.goLive();
    changes.receive(changed(1, 1, 'history edited'));
    messages.receive(changed(3, 0, 'created'));
    changes.receive(changed(3, 2, 'edited before its turn'));
    messages.receive(changed(2, 0, 'two'));
    expect(updates.map((m) => m.text)).toEqual(['history edited']);
    expect(delivered.map((m) => m.text)).toEqual(['two', 'edited before its turn']);
  });
});
