// The encoders: what they write is what the validators read back, with the envelope's fields first or last as promised.

import { describe, expect, it } from 'vitest';
import {
  encodedTypePrefix,
  encodeError,
  encodeEvent,
  encodeReply,
  encodeRequest,
  parseClientFrame,
  parseResult,
  parseServerFrame,
} from '../src/index.js';

describe('encoders', () => {
  it('round-trips a request through parseClientFrame', () => {
    const text = encodeRequest('room.rename', 'r1', { roomId: 4, name: 'Team' });
    expect(parseClientFrame(text)).toEqual({ type: 'room.rename', id: 'r1', roomId: 4, name: 'Team' });
  });

  it('keeps the envelope when params carry a stray type or id', () => {
    const params = JSON.parse('{"roomId":4,"type":"auth","id":"spoof"}') as { roomId: number };
    expect(JSON.parse(encodeRequest('typing', 'r2', params))).toMatchObject({ type: 'typing', id: 'r2' });
  });

  it('round-trips replies, errors and events through parseServerFrame', () => {
    const reply = parseServerFrame(encodeReply('9', { serverTime: 12 }));
    expect(reply).toEqual({ type: 'reply', id: '9', result: { serverTime: 12 } });
    expect(reply.type === 'reply' ? parseResult('ping', reply.result) : undefined).toEqual({ serverTime: 12 });
    expect(parseServerFrame(encodeError(null, { code: 'invalid_frame', message: 'm' }))).toEqual({
      type: 'error',
      id: null,
      error: { code: 'invalid_frame', message: 'm' },
    });
    expect(parseServerFrame(encodeEvent('presence', { userId: 3, online: true }))).toEqual({ type: 'presence', userId: 3, online: true });
  });

  it('writes every server frame starting with its type, as encodedTypePrefix says', () => {
    expect(encodeEvent('chat.removed', { roomId: 1 }).startsWith(encodedTypePrefix('chat.removed'))).toBe(true);
    expect(encodeReply('1', {}).startsWith(encodedTypePrefix('reply'))).toBe(true);
    expect(encodeError('1', { code: 'internal', message: 'x' }).startsWith(encodedTypePrefix('error'))).toBe(true);
  });
});
