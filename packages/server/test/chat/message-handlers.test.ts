// Messages: acked only after commit, idempotent resends, history in both directions, resume, edit and delete.

import { randomUUID } from 'node:crypto';
import { parseResult, parseServerFrame, type Message } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { createGroup, openDirect, person, sendMany, sendText, type Person } from '../support/chat.js';
import { uniqueNames, useTestServer } from '../support/test-server.js';

// Generous rates: these tests send bursts on purpose; the limits have their own suite.
const env = useTestServer({ 'messages-per-second': '2000', 'message-burst': '2000', 'frames-per-second': '2000' });
const nextName = uniqueNames('msg');

/** Two people who share a direct room. */
async function pair(): Promise<{ ada: Person; bob: Person; roomId: number }> {
  const ada = await person(env.server, nextName());
  const bob = await person(env.server, nextName());
  const { roomId } = await openDirect(ada.client, bob.user);
  return { ada, bob, roomId };
}

function seqs(messages: readonly Message[]): number[] {
  return messages.map((message) => message.seq);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe('sending', () => {
  it('acks a message only once it is committed, and broadcasts it only after that', async () => {
    const { ada, bob, roomId } = await pair();
    const seenBeforeStored: string[] = [];
    // Checked synchronously as each frame arrives, before any other I/O can run.
    bob.client.socket.on('message', (data: Buffer) => {
      const frame = parseServerFrame(data.toString('utf8'));
      if (frame.type === 'message' && env.server.db.messageById(frame.message.id) === undefined) {
        seenBeforeStored.push(`broadcast of seq ${frame.message.seq}`);
      }
    });
    // Only message.send replies arrive on Ada's socket from here on.
    ada.client.socket.on('message', (data: Buffer) => {
      const frame = parseServerFrame(data.toString('utf8'));
      if (frame.type !== 'reply') return;
      const { message } = parseResult('message.send', frame.result);
      if (env.server.db.messageById(message.id) === undefined) seenBeforeStored.push(`ack of seq ${message.seq}`);
    });

    const burst = await Promise.all(
      range(1, 40).map((i) => ada.client.request('message.send', { roomId, clientMsgId: `burst-${i}`, text: `m${i}` })),
    );
    for (let i = 1; i <= 40; i++) await bob.client.event('message', (e) => e.message.seq === i);

    expect(seenBeforeStored).toEqual([]);
    // Frames of one socket keep their order: seqs follow the sends, with no gap.
    expect(burst.map((result) => result.message.seq)).toEqual(range(1, 40));
    expect(burst.map((result) => result.message.text)).toEqual(range(1, 40).map((i) => `m${i}`));
    expect(env.server.db.messages(roomId).map((row) => row.seq)).toEqual(range(1, 40));
  });

  it('stores the trimmed text, with the sender taken from the socket and never from the frame', async () => {
    const { ada, bob, roomId } = await pair();
    const id = randomUUID();
    ada.client.sendRaw(JSON.stringify({ type: 'message.send', id: 'spoof', roomId, clientMsgId: id, text: '  hi  ', senderId: bob.user.id }));
    const event = await bob.client.event('message');
    expect(event.message).toMatchObject({ senderId: ada.user.id, text: 'hi', clientMsgId: id, editedAt: null, deleted: false });
    expect(env.server.db.messages(roomId)).toMatchObject([{ senderId: ada.user.id, text: 'hi' }]);
  });

  it.each([
    ['empty after trimming', ' \n\t '],
    ['longer than 4000 characters', 'x'.repeat(4001)],
  ])('refuses a text %s with validation_failed on "text"', async (_what, text) => {
    const { ada, roomId } = await pair();
    expect(await ada.client.refused('message.send', { roomId, clientMsgId: randomUUID(), text })).toMatchObject({
      code: 'validation_failed',
      field: 'text',
    });
    expect(env.server.db.messages(roomId)).toEqual([]);
  });

  it('accepts exactly 4000 characters, counted in code points', async () => {
    const { ada, roomId } = await pair();
    const text = '😀'.repeat(4000);
    expect((await sendText(ada.client, roomId, text)).text).toBe(text);
  });

  it('refuses text with unpaired surrogates, whole or in an edit, rather than store it changed', async () => {
    const { ada, roomId } = await pair();
    const loneHigh = '\ud800'.repeat(4000);
    const outcome = await ada.client.refused('message.send', { roomId, clientMsgId: randomUUID(), text: loneHigh });
    expect(outcome).toMatchObject({ code: 'validation_failed', field: 'text' });
    const halfAnEmoji = 'see you 😀'.slice(0, -1);
    expect(await ada.client.refused('message.send', { roomId, clientMsgId: randomUUID(), text: halfAnEmoji })).toMatchObject({
      code: 'validation_failed',
    });
    const message = await sendText(ada.client, roomId, 'fine 😀');
    expect(await ada.client.refused('message.edit', { roomId, seq: message.seq, text: '\udc00 late' })).toMatchObject({
      code: 'validation_failed',
      field: 'text',
    });
    expect(env.server.db.messages(roomId)).toMatchObject([{ text: 'fine 😀' }]);
  });
});

describe('idempotent resend', () => {
  it('answers a resend of the same clientMsgId with the original message, duplicate: true, and stores one row', async () => {
    const { ada, bob, roomId } = await pair();
    const clientMsgId = randomUUID();
    const first = await ada.client.request('message.send', { roomId, clientMsgId, text: 'once' });
    await bob.client.event('message');

    // The resend comes after a reconnect, as a client whose ack was lost would do it; even its text is ignored.
    await ada.client.close();
    const again = await env.server.signIn(ada.user);
    const second = await again.request('message.send', { roomId, clientMsgId, text: 'once (edited locally)' });

    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ message: first.message, duplicate: true });
    expect(env.server.db.messages(roomId)).toHaveLength(1);
    await bob.client.sync();
    expect(bob.client.unconsumed('message')).toEqual([]);
  });

  it('stores one message when the same clientMsgId arrives twice in one group commit', async () => {
    const { ada, roomId } = await pair();
    const clientMsgId = randomUUID();
    const [a, b] = await Promise.all([
      ada.client.request('message.send', { roomId, clientMsgId, text: 'twin' }),
      ada.client.request('message.send', { roomId, clientMsgId, text: 'twin' }),
    ]);
    expect(a.message.id).toBe(b.message.id);
    expect([a.duplicate, b.duplicate]).toEqual([false, true]);
    expect(env.server.db.messages(roomId)).toHaveLength(1);
  });

  it('refuses a clientMsgId already used in another room instead of answering with that room’s message', async () => {
    const { ada, bob, roomId } = await pair();
    const other = await createGroup(ada.client, 'Elsewhere', [bob.user]);
    const clientMsgId = randomUUID();
    await ada.client.request('message.send', { roomId, clientMsgId, text: 'here' });
    const refused = await ada.client.refused('message.send', { roomId: other.roomId, clientMsgId, text: 'there' });
    expect(refused).toMatchObject({ code: 'validation_failed', field: 'clientMsgId' });
    expect(env.server.db.messages(other.roomId)).toHaveLength(0);
  });
});

describe('history', () => {
  async function roomWith(count: number): Promise<{ ada: Person; bob: Person; roomId: number }> {
    const setup = await pair();
    await Promise.all(range(1, count).map((i) => setup.ada.client.request('message.send', { roomId: setup.roomId, clientMsgId: `h${i}`, text: `h${i}` })));
    return setup;
  }

  it('pages backwards from the newest message in ascending order', async () => {
    const { bob, roomId } = await roomWith(120);
    const newest = await bob.client.request('history', { roomId });
    expect(seqs(newest.messages)).toEqual(range(71, 120));
    expect(newest.hasMore).toBe(true);
    const before = await bob.client.request('history', { roomId, before: 71, limit: 20 });
    expect(seqs(before.messages)).toEqual(range(51, 70));
    expect(before.hasMore).toBe(true);
    const oldest = await bob.client.request('history', { roomId, before: 21, limit: 100 });
    expect(seqs(oldest.messages)).toEqual(range(1, 20));
    expect(oldest.hasMore).toBe(false);
  });

  it('pages forwards after a seq, as a client resuming would', async () => {
    const { bob, roomId } = await roomWith(120);
    const first = await bob.client.request('history', { roomId, after: 0, limit: 100 });
    expect(seqs(first.messages)).toEqual(range(1, 100));
    expect(first.hasMore).toBe(true);
    const rest = await bob.client.request('history', { roomId, after: 100, limit: 100 });
    expect(seqs(rest.messages)).toEqual(range(101, 120));
    expect(rest.hasMore).toBe(false);
    const none = await bob.client.request('history', { roomId, after: 120 });
    expect(none).toEqual({ messages: [], hasMore: false });
  });

  it('walks the whole room backwards exactly once', async () => {
    const { ada, roomId } = await roomWith(130);
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await ada.client.request('history', before === undefined ? { roomId, limit: 100 } : { roomId, before, limit: 100 });
      seen.unshift(...seqs(page.messages));
      if (!page.hasMore) break;
      before = page.messages[0]?.seq;
    }
    expect(seen).toEqual(range(1, 130));
  });

  it.each([
    ['a limit over 100', { limit: 101 }, 'limit'],
    ['a limit of 0', { limit: 0 }, 'limit'],
    ['both before and after', { before: 5, after: 1 }, 'after'],
    ['a negative after', { after: -1 }, 'after'],
  ])('refuses %s with invalid_frame naming the field', async (_what, params, field) => {
    const { ada, roomId } = await pair();
    expect(await ada.client.refused('history', { roomId, ...params })).toMatchObject({ code: 'invalid_frame', field });
  });
});

describe('resume after reconnect', () => {
  it('fills an outage with no gap and no duplicate by asking for history after the last seen seq', async () => {
    const { ada, bob, roomId } = await pair();
    const live: number[] = [];
    for (const message of await sendMany(ada.client, roomId, 5)) {
      live.push((await bob.client.event('message', (e) => e.message.id === message.id)).message.seq);
    }
    const lastSeq = Math.max(...live);
    await bob.client.close();

    await sendMany(ada.client, roomId, 130, 'offline');
    const back = await env.server.signIn(bob.user);
    // Messages keep arriving while the client catches up; it must still end with every seq exactly once.
    const during = sendMany(ada.client, roomId, 10, 'during');
    const resumed: Message[] = [];
    let after = lastSeq;
    for (;;) {
      const page = await back.request('history', { roomId, after, limit: 100 });
      resumed.push(...page.messages);
      after = page.messages.at(-1)?.seq ?? after;
      if (!page.hasMore) break;
    }
    await during;
    const tail = await back.request('history', { roomId, after });
    resumed.push(...tail.messages);

    expect(seqs(resumed)).toEqual(range(lastSeq + 1, 145));
    expect(new Set(resumed.map((message) => message.id)).size).toBe(resumed.length);
  });
});

describe('edit and delete', () => {
  it('edits one\'s own message and tells every member live', async () => {
    const { ada, bob, roomId } = await pair();
    const original = await sendText(ada.client, roomId, 'typo');
    const edited = (await ada.client.request('message.edit', { roomId, seq: original.seq, text: ' fixed ' })).message;
    expect(edited).toMatchObject({ id: original.id, seq: original.seq, text: 'fixed', deleted: false });
    expect(edited.editedAt).toEqual(expect.any(Number));
    expect((await bob.client.event('message.updated')).message).toEqual(edited);
    expect((await bob.client.request('history', { roomId })).messages).toEqual([edited]);
  });

  it('deletes one\'s own message leaving a tombstone that keeps its seq', async () => {
    const { ada, bob, roomId } = await pair();
    const [first, second, third] = await sendMany(ada.client, roomId, 3);
    if (first === undefined || second === undefined || third === undefined) throw new Error('messages missing');
    const tombstone = (await ada.client.request('message.delete', { roomId, seq: second.seq })).message;
    expect(tombstone).toMatchObject({ id: second.id, seq: 2, text: '', deleted: true });
    expect((await bob.client.event('message.updated')).message).toEqual(tombstone);

    const history = await bob.client.request('history', { roomId });
    expect(history.messages.map((m) => [m.seq, m.text, m.deleted])).toEqual([
      [1, 'm1', false],
      [2, '', true],
      [3, 'm3', false],
    ]);
    expect(env.server.db.messages(roomId)[1]).toMatchObject({ seq: 2, text: '', deleted: true });
    // A tombstone is not unread, and cannot be edited or deleted again.
    const chat = (await bob.client.request('chats.list', {})).chats.find((c) => c.roomId === roomId);
    expect(chat?.unread).toBe(2);
    expect(await ada.client.refused('message.edit', { roomId, seq: 2, text: 'back' })).toMatchObject({ code: 'not_found' });
    expect(await ada.client.refused('message.delete', { roomId, seq: 2 })).toMatchObject({ code: 'not_found' });
  });

  it('refuses to edit or delete someone else\'s message', async () => {
    const { ada, bob, roomId } = await pair();
    const message = await sendText(ada.client, roomId, 'mine');
    expect(await bob.client.refused('message.edit', { roomId, seq: message.seq, text: 'yours' })).toMatchObject({
      code: 'forbidden',
      field: 'seq',
    });
    expect(await bob.client.refused('message.delete', { roomId, seq: message.seq })).toMatchObject({ code: 'forbidden' });
    expect(env.server.db.messages(roomId)).toMatchObject([{ text: 'mine', deleted: false }]);
  });

  it('refuses a seq that does not exist and an empty new text', async () => {
    const { ada, roomId } = await pair();
    const message = await sendText(ada.client, roomId, 'here');
    expect(await ada.client.refused('message.edit', { roomId, seq: 99, text: 'x' })).toMatchObject({ code: 'not_found', field: 'seq' });
    expect(await ada.client.refused('message.edit', { roomId, seq: message.seq, text: '  ' })).toMatchObject({
      code: 'validation_failed',
      field: 'text',
    });
  });
});

describe('changes since a change seq', () => {
  it('answers each changed message once, at its latest, after the change seq the client has, and counts in the chat', async () => {
    const { ada, bob, roomId } = await pair();
    await sendMany(ada.client, roomId, 3);
    const before = (await bob.client.request('chats.list', {})).chats.find((c) => c.roomId === roomId);
    expect(before?.changeSeq).toBe(0);
    await ada.client.request('message.edit', { roomId, seq: 1, text: 'one' });
    await ada.client.request('message.edit', { roomId, seq: 3, text: 'three' });
    await ada.client.request('message.delete', { roomId, seq: 1 });
    const all = await bob.client.request('message.changes', { roomId, after: 0 });
    expect(all.messages.map((m) => [m.seq, m.changeSeq, m.text, m.deleted])).toEqual([
      [3, 2, 'three', false],
      [1, 3, '', true],
    ]);
    expect(all.hasMore).toBe(false);
    expect(await bob.client.request('message.changes', { roomId, after: 2, limit: 1 })).toEqual({ messages: [all.messages[1]], hasMore: false });
    const chat = (await bob.client.request('chats.list', {})).chats.find((c) => c.roomId === roomId);
    expect(chat?.changeSeq).toBe(3);
  });

  it('refuses a room the caller is not a member of, whether or not it exists', async () => {
    const { ada, roomId } = await pair();
    const eve = await person(env.server, nextName());
    await sendText(ada.client, roomId, 'private');
    await ada.client.request('message.edit', { roomId, seq: 1, text: 'still private' });
    expect(await eve.client.refused('message.changes', { roomId, after: 0 })).toMatchObject({ code: 'forbidden', field: 'roomId' });
    expect(await eve.client.refused('message.changes', { roomId: roomId + 10_000, after: 0 })).toMatchObject({ code: 'forbidden' });
  });

  it('stops answering a member once they are removed', async () => {
    const ada = await person(env.server, nextName());
    const bob = await person(env.server, nextName());
    const { roomId } = await createGroup(ada.client, 'Changes', [bob.user]);
    await sendText(ada.client, roomId, 'hello');
    expect((await bob.client.request('message.changes', { roomId, after: 0 })).messages).toEqual([]);
    await ada.client.request('room.remove_member', { roomId, userId: bob.user.id });
    await bob.client.event('chat.removed');
    expect(await bob.client.refused('message.changes', { roomId, after: 0 })).toMatchObject({ code: 'forbidden' });
  });
});
