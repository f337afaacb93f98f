// The chat list against server snapshots computed at some instant: what the client applied after that instant (a
// message, an edit folded into a resumed delivery) survives the snapshot, and a newer snapshot wins.

import { describe, expect, it } from 'vitest';
import type { Chat, Message } from '../src/index.js';
import { ChatList } from '../src/chat-list.js';

const ME = 2;

function message(seq: number, text: string, changeSeq = 0): Message {
  return { id: 100 + seq, roomId: 1, seq, kind: 'user', senderId: 1, text, createdAt: seq, editedAt: changeSeq > 0 ? seq + 1 : null, deleted: false, clientMsgId: null, changeSeq };
}

function chat(last: Message, unread: number): Chat {
  return {
    roomId: 1,
    kind: 'group',
    name: 'g',
    peer: null,
    members: [],
    ownerId: 1,
    createdAt: 0,
    lastSeq: last.seq,
    changeSeq: last.changeSeq,
    lastMessage: last,
    lastActivityAt: last.createdAt,
    readSeq: 0,
    unread,
    mentioned: 0,
    muted: false,
  };
}

describe('ChatList against snapshots', () => {
  it('takes the preview from a resumed delivery that carries an edit made after the snapshot', () => {
    const list = new ChatList();
    // The snapshot was read between the send and its edit; the resume then delivers the message with the edit folded in.
    list.replace([chat(message(2, 'end'), 2)], []);
    expect(list.applyMessage(message(2, 'the end', 3), ME)).toBe(true);
    expect(list.get(1)).toMatchObject({ lastSeq: 2, unread: 2, lastMessage: { text: 'the end', changeSeq: 3 } });
    // The same state again, or an older one, changes nothing.
    expect(list.applyMessage(message(2, 'the end', 3), ME)).toBe(false);
    expect(list.applyMessage(message(2, 'end'), ME)).toBe(false);
    expect(list.get(1)?.lastMessage?.text).toBe('the end');
  });

  it('uncounts the preview when the resumed delivery shows it deleted', () => {
    const list = new ChatList();
    list.replace([chat(message(2, 'end'), 2)], []);
    list.applyMessage({ ...message(2, '', 4), deleted: true }, ME);
    expect(list.get(1)).toMatchObject({ unread: 1, lastMessage: { deleted: true } });
  });

  it('does not uncount a deletion the snapshot already left out when the change feed replays it', () => {
    const list = new ChatList();
    // Two unread messages, the first deleted while this client was away: the snapshot counts one and is at change 1.
    list.replace([{ ...chat(message(2, 'second'), 1), changeSeq: 1 }], []);
    expect(list.applyMessageUpdate({ ...message(1, '', 1), deleted: true }, ME)).toBe(false);
    expect(list.get(1)?.unread).toBe(1);
    // A deletion after the snapshot still counts down.
    list.applyMessageUpdate({ ...message(2, '', 2), deleted: true }, ME);
    expect(list.get(1)).toMatchObject({ unread: 0, lastMessage: { deleted: true } });
  });

  it('takes a read from another device that an older snapshot knows of, and counts only what came after it', () => {
    const list = new ChatList();
    list.replace([chat(message(3, 'third'), 3)], []);
    // While this device was away, the other read up to 3; message 4 then came live before the new snapshot's answer.
    list.applyMessage({ ...message(4, 'fourth, @me'), mentions: [ME] }, ME);
    list.replace([{ ...chat(message(3, 'third'), 0), readSeq: 3 }], []);
    expect(list.get(1)).toMatchObject({ readSeq: 3, lastSeq: 4, unread: 1, mentioned: 1, lastMessage: { text: 'fourth, @me' } });
    // A read of 4 that the view does not know yet keeps the list's counts.
    list.applyRead({ roomId: 1, readSeq: 4, unread: 0, mentioned: 0 });
    list.applyMessage(message(5, 'fifth'), ME);
    list.replace([{ ...chat(message(4, 'fourth, @me'), 0), readSeq: 3, unread: 1 }], []);
    expect(list.get(1)).toMatchObject({ readSeq: 4, lastSeq: 5, unread: 1, mentioned: 0 });
  });

  it('keeps what was applied while an older snapshot was on its way', () => {
    const list = new ChatList();
    list.replace([chat(message(1, 'first'), 1)], []);
    list.applyMessage(message(2, 'second'), ME);
    list.applyMessageUpdate(message(2, 'second, edited', 5), ME);
    // An answer computed before the edit, then one computed before the second message.
    list.replace([chat(message(2, 'second'), 2)], []);
    expect(list.get(1)).toMatchObject({ lastSeq: 2, unread: 2, lastMessage: { text: 'second, edited' } });
    list.replace([chat(message(1, 'first'), 1)], []);
    expect(list.get(1)).toMatchObject({ lastSeq: 2, unread: 2, lastMessage: { text: 'second, edited' } });
    // A pushed view of the room from before the edit does not bring the old text back either.
    list.applyChat({ ...chat(message(2, 'second'), 2), name: 'renamed' });
    expect(list.get(1)).toMatchObject({ name: 'renamed', lastMessage: { text: 'second, edited' } });
  });

  it('keeps the counts without a deleted preview when an answer from before the deletion comes', () => {
    const list = new ChatList();
    list.replace([chat(message(2, 'second'), 2)], []);
    list.applyMessageUpdate({ ...message(2, '', 6), deleted: true }, ME);
    expect(list.get(1)).toMatchObject({ unread: 1, lastMessage: { deleted: true } });
    list.applyChat(chat(message(2, 'second'), 2));
    expect(list.get(1)).toMatchObject({ unread: 1, lastMessage: { deleted: true } });
    list.replace([chat(message(2, 'second'), 2)], []);
    expect(list.get(1)).toMatchObject({ unread: 1, lastMessage: { deleted: true } });
  });

  it('gives an answer from before a deletion that already came live that message out, and no newer answer', () => {
    const list = new ChatList();
    // Back from an outage at message 2; while its snapshot was computed (messages 3 and 4 unread, at change 1), message
    // 3 was deleted, and that deletion came on the socket before the snapshot's answer.
    list.replace([{ ...chat(message(2, 'second'), 1), changeSeq: 1 }], []);
    expect(list.applyMessageUpdate({ ...message(3, '', 2), deleted: true }, ME)).toBe(false);
    // Not counted here yet (past the list's last seq), so nothing to count down.
    expect(list.get(1)?.unread).toBe(1);
    list.replace([{ ...chat(message(4, 'fourth'), 3), changeSeq: 1 }], []);
    expect(list.get(1)).toMatchObject({ lastSeq: 4, unread: 2 });
    // A pushed view from before the deletion too; then one computed after it, which no longer counts it itself.
    list.applyChat({ ...chat(message(4, 'fourth'), 3), changeSeq: 1 });
    expect(list.get(1)?.unread).toBe(2);
    list.applyChat({ ...chat(message(4, 'fourth'), 2), changeSeq: 2 });
    expect(list.get(1)?.unread).toBe(2);
    // Once read past it, the deletion is forgotten: an answer from after that read counts what it counts.
    list.applyRead({ roomId: 1, readSeq: 4, unread: 0, mentioned: 0 });
    list.applyMessage(message(5, 'fifth'), ME);
    list.replace([{ ...chat(message(5, 'fifth'), 1), changeSeq: 2, readSeq: 4 }], []);
    expect(list.get(1)).toMatchObject({ readSeq: 4, unread: 1 });
  });

  it('counts down once a deletion folded into a delivery that an older snapshot counted, and not again as a change', () => {
    const list = new ChatList();
    // The snapshot counts messages 3 and 4 (change 1); message 3, held by the feed while it resumed, was deleted
    // meanwhile, and its deletion folded into it.
    list.replace([{ ...chat(message(4, 'fourth'), 3), changeSeq: 1 }], []);
    expect(list.applyMessage({ ...message(3, '', 2), deleted: true }, ME)).toBe(true);
    expect(list.get(1)).toMatchObject({ unread: 2, lastMessage: { text: 'fourth' } });
    // The change feed's resume then fetches the same deletion.
    expect(list.applyMessageUpdate({ ...message(3, '', 2), deleted: true }, ME)).toBe(false);
    expect(list.get(1)?.unread).toBe(2);
    // A deletion the snapshot already knew of (change 1 or before) is not taken out of it.
    expect(list.applyMessage({ ...message(2, '', 1), deleted: true }, ME)).toBe(false);
    expect(list.get(1)?.unread).toBe(2);
  });

  it('never counts down a message that came already deleted, once newer ones follow it', () => {
    const list = new ChatList();
    list.replace([{ ...chat(message(1, 'first'), 1), changeSeq: 1 }], []);
    list.applyMessage({ ...message(2, '', 2), deleted: true }, ME);
    list.applyMessage(message(3, 'third'), ME);
    expect(list.get(1)?.unread).toBe(2);
    // Its deletion, as a change (a resume's change feed from an older cursor).
    expect(list.applyMessageUpdate({ ...message(2, '', 2), deleted: true }, ME)).toBe(false);
    expect(list.get(1)?.unread).toBe(2);
  });

  it('keeps its counts when an answer older than a pushed view comes after it', () => {
    const list = new ChatList();
    list.replace([{ ...chat(message(2, 'second, @me'), 2), mentioned: 1 }], []);
    list.applyMessageUpdate({ ...message(1, '', 1), deleted: true }, ME);
    list.applyMessageUpdate({ ...message(2, '', 2), deleted: true }, ME);
    // The server's push after the mention's deletion, then a snapshot read before it.
    list.applyChat({ ...chat({ ...message(2, '', 2), deleted: true }, 0), changeSeq: 2 });
    list.replace([{ ...chat(message(2, 'second, @me'), 1), changeSeq: 1, mentioned: 1 }], []);
    expect(list.get(1)).toMatchObject({ changeSeq: 2, unread: 0, mentioned: 0, lastMessage: { deleted: true } });
  });

  it('does not count again a message that a read of older messages counted before the feed delivered it', () => {
    const list = new ChatList();
    // A first message mentioning this user comes and is deleted; the server pushes the room after the deletion.
    const first = { ...message(1, 'first, @me'), mentions: [ME] };
    const deleted = { ...message(1, '', 1), deleted: true };
    list.replace([{ ...chat(first, 0), lastSeq: 0, lastMessage: null }], []);
    list.applyMessage(first, ME);
    list.applyMessageUpdate(deleted, ME);
    list.applyChat(chat(deleted, 0));
    // Back from an outage, the snapshot has another writer's second message unread; this device marks older messages
    // read (marker 0), and hears of it twice (the event, the answer).
    const second = { ...message(2, 'second'), senderId: 3 };
    list.replace([{ ...chat(second, 1), changeSeq: 1 }], []);
    list.applyRead({ roomId: 1, readSeq: 0, unread: 1, mentioned: 0 });
    list.applyRead({ roomId: 1, readSeq: 0, unread: 1, mentioned: 0 });
    // A third message came while the feed was still filling the gap before it, so the feed holds it; the other device
    // then marks older messages read, and the server's counts of that instant include the third.
    expect(list.applyRead({ roomId: 1, readSeq: 0, unread: 2, mentioned: 0 })).toBe(false);
    list.applyMessage(second, ME);
    list.applyMessage(message(3, 'third'), ME);
    expect(list.get(1)).toMatchObject({ lastSeq: 3, readSeq: 0, unread: 2, mentioned: 0 });
  });

  it('does not count again the messages that a read counted before the feed delivered them', () => {
    const list = new ChatList();
    list.replace([chat(message(3, 'third'), 3)], []);
    // The feed holds 4 and 5 while a resume fills the gap before them; another device marks read up to 2, and the
    // server's counts of that instant (unread 3, 4 and 5) are as of message 5.
    expect(list.applyRead({ roomId: 1, readSeq: 2, unread: 3, mentioned: 0, lastSeq: 5, changeSeq: 0 })).toBe(true);
    expect(list.get(1)).toMatchObject({ readSeq: 2, unread: 3 });
    expect(list.applyMessage(message(4, 'fourth'), ME)).toBe(true);
    expect(list.applyMessage(message(5, 'fifth'), ME)).toBe(true);
    expect(list.get(1)).toMatchObject({ lastSeq: 5, readSeq: 2, unread: 3, lastActivityAt: 5, lastMessage: { text: 'fifth' } });
    // What comes after is counted.
    list.applyMessage(message(6, 'sixth'), ME);
    expect(list.get(1)).toMatchObject({ lastSeq: 6, unread: 4 });
  });

  it('takes the last message of a view that shares a last seq raised by a read, over an older preview edited later', () => {
    const list = new ChatList();
    list.replace([chat(message(3, 'third, edited', 2), 3)], []);
    // Another device read up to 2 as of message 5; the feed has not delivered 4 and 5 yet, so the preview is still 3.
    list.applyRead({ roomId: 1, readSeq: 2, unread: 3, mentioned: 0, lastSeq: 5, changeSeq: 2 });
    expect(list.get(1)).toMatchObject({ lastSeq: 5, lastMessage: { seq: 3 } });
    // A view of the same instant has message 5 as its last: its preview is the newer one, whatever the change seqs.
    list.applyChat({ ...chat(message(5, 'fifth'), 3), readSeq: 2, changeSeq: 2 });
    expect(list.get(1)).toMatchObject({ lastSeq: 5, unread: 3, lastMessage: { seq: 5, text: 'fifth' } });
    // And the same message in a view computed before its edit does not take the edit back.
    list.applyMessageUpdate(message(5, 'fifth, edited', 3), ME);
    list.applyChat({ ...chat(message(5, 'fifth'), 3), readSeq: 2, changeSeq: 2 });
    expect(list.get(1)).toMatchObject({ lastMessage: { seq: 5, text: 'fifth, edited' } });
  });

  it('adds to a read the messages it counted past the read, and not again later', () => {
    const list = new ChatList();
    list.replace([chat(message(3, 'third'), 3)], []);
    list.applyMessage({ ...message(4, 'fourth, @me'), mentions: [ME] }, ME);
    // Marked read up to 2 on another device before message 4 was sent.
    list.applyRead({ roomId: 1, readSeq: 2, unread: 1, mentioned: 0, lastSeq: 3, changeSeq: 0 });
    expect(list.get(1)).toMatchObject({ lastSeq: 4, readSeq: 2, unread: 2, mentioned: 1, lastMessage: { seq: 4 } });
  });

  it('does not count down again a deletion that a read already left out when it comes after the read', () => {
    const list = new ChatList();
    list.replace([chat(message(3, 'third'), 3)], []);
    // Message 2 was deleted (change 1), then another device marked read up to 1: the read counts message 3 alone.
    list.applyRead({ roomId: 1, readSeq: 1, unread: 1, mentioned: 0, lastSeq: 3, changeSeq: 1 });
    expect(list.applyMessageUpdate({ ...message(2, '', 1), deleted: true }, ME)).toBe(false);
    expect(list.get(1)).toMatchObject({ readSeq: 1, unread: 1, changeSeq: 1 });
    // A deletion after the read's instant is counted down.
    list.applyMessageUpdate({ ...message(3, '', 2), deleted: true }, ME);
    expect(list.get(1)).toMatchObject({ unread: 0, lastMessage: { deleted: true } });
  });

  it('takes out of a read a deletion that came before the read but happened after its instant', () => {
    const list = new ChatList();
    list.replace([chat(message(3, 'third'), 3)], []);
    list.applyMessageUpdate({ ...message(3, '', 1), deleted: true }, ME);
    expect(list.get(1)?.unread).toBe(2);
    // The read was counted before the deletion (change 0): it still counts message 3.
    list.applyRead({ roomId: 1, readSeq: 2, unread: 1, mentioned: 0, lastSeq: 3, changeSeq: 0 });
    expect(list.get(1)).toMatchObject({ readSeq: 2, unread: 0 });
    // The deletion again (a resume's change feed) is not counted down again.
    list.applyMessageUpdate({ ...message(3, '', 1), deleted: true }, ME);
    expect(list.get(1)?.unread).toBe(0);
  });

  it('takes the counts of a read from an older server as they are', () => {
    const list = new ChatList();
    list.replace([chat(message(3, 'third'), 3)], []);
    list.applyMessage(message(4, 'fourth'), ME);
    list.applyRead({ roomId: 1, readSeq: 2, unread: 1, mentioned: 0 });
    expect(list.get(1)).toMatchObject({ lastSeq: 4, readSeq: 2, unread: 1 });
  });

  it('keeps a read marker that an answer computed before the read does not know of', () => {
    const list = new ChatList();
    list.replace([chat(message(3, 'third'), 3)], []);
    list.applyRead({ roomId: 1, readSeq: 3, unread: 0, mentioned: 0 });
    // The same room at the same last seq and change seq, computed before the read.
    list.replace([chat(message(3, 'third'), 3)], []);
    expect(list.get(1)).toMatchObject({ readSeq: 3, unread: 0 });
  });

  it('takes a snapshot newer than what it knows', () => {
    const list = new ChatList();
    list.replace([chat(message(2, 'second'), 2)], []);
    list.replace([chat(message(2, 'second, edited', 7), 1)], []);
    expect(list.get(1)).toMatchObject({ unread: 1, lastMessage: { text: 'second, edited', changeSeq: 7 } });
    list.replace([chat(message(5, 'fifth'), 4)], []);
    expect(list.get(1)).toMatchObject({ lastSeq: 5, unread: 4, lastMessage: { text: 'fifth' } });
  });
});
