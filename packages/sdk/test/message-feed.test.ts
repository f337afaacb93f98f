import { describe, expect, it } from 'vitest';
import { IChatError, type Message } from '../src/index.js';
import { MessageFeed } from '../src/message-feed.js';

/** A message with only the fields the feed reads set meaningfully. */
function message(roomId: number, seq: number): Message {
  return { id: roomId * 1000 + seq, roomId, seq, kind: 'user', senderId: 1, text: `m${seq}`, createdAt: seq, editedAt: null, deleted: false, clientMsgId: null, changeSeq: 0 };
}

/** A room's history as the server keeps it, served in pages of `pageSize`. */
function historyOf(rooms: Record<number, number>, pageSize = 3) {
  const calls: { roomId: number; after: number }[] = [];
  const fetchAfter = (roomId: number, after: number) => {
    calls.push({ roomId, after });
    const last = rooms[roomId] ?? 0;
    const messages: Message[] = [];
    for (let seq = after + 1; seq <= Math.min(last, after + pageSize); seq += 1) messages.push(message(roomId, seq));
    return Promise.resolve({ messages, hasMore: after + pageSize < last });
  };
  return { fetchAfter, calls };
}

function seqs(delivered: Message[], roomId: number): number[] {
  return delivered.filter((m) => m.roomId === roomId).map((m) => m.seq);
}

describe('MessageFeed', () => {
  it('delivers live messages in order and drops repeats', () => {
    const delivered: Message[] = [];
    const feed = new MessageFeed(historyOf({}).fetchAfter, (m) => delivered.push(m));
    feed.follow(1, 0);
    feed.goLive();
    for (const seq of [1, 2, 2, 1, 3]) feed.receive(message(1, seq));
    expect(seqs(delivered, 1)).toEqual([1, 2, 3]);
  });

  it('pages through history after the last delivered seq until hasMore is false', async () => {
    const delivered: Message[] = [];
    const server = historyOf({ 1: 10, 2: 4 });
    const feed = new MessageFeed(server.fetchAfter, (m) => delivered.push(m));
    feed.follow(1, 2);
    feed.follow(2, 4);
    feed.goLive();
    feed.pause();
    const report = await feed.resume(1234);
    expect(seqs(delivered, 1)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(server.calls.filter((c) => c.roomId === 1).map((c) => c.after)).toEqual([2, 5, 8]);
    expect(report).toEqual({
      rooms: [{ roomId: 1, fromSeq: 2, toSeq: 10, count: 8 }],
      messages: delivered,
      outageMs: 1234,
    });
  });

  it('holds live messages that arrive past a gap until history fills it', async () => {
    const delivered: Message[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = historyOf({ 1: 6 }, 100);
    const feed = new MessageFeed(async (roomId, after) => {
      await gate;
      return server.fetchAfter(roomId, after);
    }, (m) => delivered.push(m));
    feed.follow(1, 2);
    feed.pause();
    const resuming = feed.resume(0);
    feed.receive(message(1, 7));
    feed.receive(message(1, 5));
    expect(delivered).toEqual([]);
    release();
    await resuming;
    expect(seqs(delivered, 1)).toEqual([3, 4, 5, 6, 7]);
  });

  it('fills a gap seen while live', async () => {
    const delivered: Message[] = [];
    const feed = new MessageFeed(historyOf({ 1: 5 }, 100).fetchAfter, (m) => delivered.push(m));
    feed.follow(1, 1);
    feed.goLive();
    feed.receive(message(1, 5));
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    expect(seqs(delivered, 1)).toEqual([2, 3, 4, 5]);
  });

  it('keeps messages that arrived before the room was known, even if the snapshot already counts them', () => {
    const delivered: Message[] = [];
    const feed = new MessageFeed(historyOf({}).fetchAfter, (m) => delivered.push(m));
    feed.receive(message(1, 4));
    feed.receive(message(1, 5));
    feed.reconcile([{ roomId: 1, lastSeq: 5 }]);
    feed.goLive();
    expect(seqs(delivered, 1)).toEqual([4, 5]);
  });

  it('abandons a resume when the connection drops, and finishes on the next one', async () => {
    const delivered: Message[] = [];
    const server = historyOf({ 1: 3 }, 100);
    let fail = true;
    const feed = new MessageFeed((roomId, after) => {
      if (fail) return Promise.reject(new IChatError('disconnected', 'gone'));
      return server.fetchAfter(roomId, after);
    }, (m) => delivered.push(m));
    feed.follow(1, 0);
    await expect(feed.resume(0)).rejects.toMatchObject({ code: 'disconnected' });
    feed.pause();
    fail = false;
    await feed.resume(0);
    expect(seqs(delivered, 1)).toEqual([1, 2, 3]);
  });

  it('stops following a room it has been removed from', async () => {
    const feed = new MessageFeed(() => Promise.reject(new IChatError('forbidden', 'not a member')), () => undefined);
    feed.follow(1, 0);
    feed.receive(message(1, 2));
    await feed.resume(0);
    expect(feed.rooms).toEqual([]);
  });
});
