// The socket validators: every client frame type read into its typed shape, and refusals that name the field.

import { describe, expect, it } from 'vitest';
import { parseClientFrame, parseResult, parseServerFrame, readRequestId, REQUEST_TYPES, type WireError } from '../src/index.js';
import { wireErrorOf } from './support/wire-error.js';

function refusal(input: unknown): WireError {
  return wireErrorOf(() => parseClientFrame(input));
}

describe('parseClientFrame', () => {
  it('reads a frame with its declared fields only, dropping any other', () => {
    const frame = parseClientFrame('{"type":"message.send","id":"7","roomId":3,"clientMsgId":"c1","text":"hi","senderId":99}');
    expect(frame).toEqual({ type: 'message.send', id: '7', roomId: 3, clientMsgId: 'c1', text: 'hi' });
  });

  it('leaves optional fields out when they are not given, rather than set them to undefined', () => {
    const frame = parseClientFrame({ type: 'history', id: 'h', roomId: 1, limit: 20 });
    expect(frame).toEqual({ type: 'history', id: 'h', roomId: 1, limit: 20 });
    expect(Object.keys(frame)).not.toContain('before');
  });

  it.each([
    ['text that is not JSON', '{not json', { code: 'invalid_frame', message: 'Frame is not valid JSON' }],
    ['a value that is not an object', '[1]', { code: 'invalid_frame', message: 'Value must be an object' }],
    ['an unknown type', '{"type":"nope","id":"1"}', { code: 'invalid_frame', message: 'Unknown frame type', field: 'type' }],
    ['a missing id', '{"type":"ping"}', { code: 'invalid_frame', message: '"id" must be a string', field: 'id' }],
    [
      'a room id that is not a positive integer',
      '{"type":"typing","id":"1","roomId":0}',
      { code: 'invalid_frame', message: '"roomId" must be an integer ≥ 1', field: 'roomId' },
    ],
    [
      'both before and after',
      '{"type":"history","id":"1","roomId":1,"before":5,"after":2}',
      { code: 'invalid_frame', message: 'Give "before" or "after", not both', field: 'after' },
    ],
    [
      'a page over the limit',
      '{"type":"history","id":"1","roomId":1,"limit":101}',
      { code: 'invalid_frame', message: '"limit" may be at most 100', field: 'limit' },
    ],
    [
      'a mute without a yes or no',
      '{"type":"room.mute","id":"1","roomId":4,"muted":"yes"}',
      { code: 'invalid_frame', message: '"muted" must be true or false', field: 'muted' },
    ],
    [
      'a mute that leaves out whether',
      '{"type":"room.mute","id":"1","roomId":4}',
      { code: 'invalid_frame', message: '"muted" must be true or false', field: 'muted' },
    ],
    [
      'a member that is not a name',
      '{"type":"room.create_group","id":"1","name":"g","members":["ada",7]}',
      { code: 'invalid_frame', message: 'Each member must be an e-mail or username', field: 'members.1' },
    ],
    [
      'too many members',
      JSON.stringify({ type: 'room.create_group', id: '1', name: 'g', members: Array.from({ length: 257 }, (_, i) => `m${i}`) }),
      { code: 'invalid_frame', message: '"members" may hold at most 256 items', field: 'members' },
    ],
  ])('refuses %s with invalid_frame naming the field', (_what, input, expected) => {
    expect(refusal(input)).toEqual(expected);
  });

  it('knows exactly the documented request types, so adding or dropping one is a deliberate protocol change', () => {
    expect([...REQUEST_TYPES].sort()).toEqual(
      [
        'attachment.links',
        'auth',
        'chats.list',
        'history',
        'message.changes',
        'message.delete',
        'reaction.add',
        'reaction.remove',
        'reaction.list',
        'message.edit',
        'message.search',
        'message.send',
        'ping',
        'read',
        'receipts.share',
        'room.add_members',
        'room.create_group',
        'room.leave',
        'room.mute',
        'room.open_direct',
        'room.remove_member',
        'room.receipts',
        'room.rename',
        'typing',
        'user.block',
        'user.unblock',
        'user.blocked',
        'message.report',
      ].sort(),
    );
  });
});

describe('readRequestId', () => {
  it('reads the id of a refused frame so the error can answer it, and null when there is none to read', () => {
    expect(readRequestId({ type: 'x', id: 'abc' })).toBe('abc');
    expect(readRequestId({ type: 'x', id: 5 })).toBeNull();
    expect(readRequestId({ type: 'x', id: 'i'.repeat(65) })).toBeNull();
    expect(readRequestId('text')).toBeNull();
  });
});

describe('parseServerFrame and parseResult', () => {
  const message = { id: 1, roomId: 2, seq: 3, kind: 'user', senderId: 4, text: 'hi', createdAt: 5, editedAt: null, deleted: false, clientMsgId: 'c', changeSeq: 0 };

  it('reads an event with nested objects, and names the nested field that is wrong', () => {
    expect(parseServerFrame({ type: 'message', message })).toEqual({ type: 'message', message });
    expect(() => parseServerFrame({ type: 'message', message: { ...message, seq: -1 } })).toThrow(
      expect.objectContaining({ code: 'invalid_frame', field: 'message.seq' }),
    );
  });

  it('rebuilds an error frame with an unknown code as internal, rather than refuse it', () => {
    expect(parseServerFrame({ type: 'error', id: null, error: { code: 'martian', message: 'x' } })).toEqual({
      type: 'error',
      id: null,
      error: { code: 'internal', message: 'x' },
    });
  });

  it('checks a reply\'s result against the request it answers', () => {
    expect(parseResult('message.send', { message, duplicate: false })).toEqual({ message, duplicate: false });
    expect(() => parseResult('message.send', { message })).toThrow(
      expect.objectContaining({ code: 'invalid_frame', field: 'result.duplicate' }),
    );
  });
});
