import { describe, expect, it } from 'vitest';
import { ModerationActionBodySchema, parseBody, parseClientFrame, ROUTES } from '../src/index.js';

describe('the moderation action body', () => {
  it.each([
    ['delete_message', { roomId: 1, seq: 2 }],
    ['ban', { userId: 3 }],
    ['unban', { userId: 3 }],
    ['remove_member', { roomId: 1, userId: 3 }],
    ['dismiss', { reportId: 9 }],
  ])('accepts %s with the fields it needs', (action, fields) => {
    expect(parseBody(ROUTES.adminModerate, JSON.stringify({ action, ...fields }))).toEqual({ action, ...fields });
  });

  it.each([
    ['delete_message', { roomId: 1 }, 'seq'],
    ['ban', {}, 'userId'],
    ['remove_member', { userId: 3 }, 'roomId'],
    ['dismiss', { userId: 3 }, 'reportId'],
  ])('refuses %s without the field it needs, naming it', (action, fields, missing) => {
    expect(() => parseBody({ body: ModerationActionBodySchema }, JSON.stringify({ action, ...fields }))).toThrow(
      expect.objectContaining({ code: 'bad_request', field: missing }),
    );
  });

  it('refuses an action it does not know', () => {
    expect(() => parseBody(ROUTES.adminModerate, JSON.stringify({ action: 'shadowban', userId: 1 }))).toThrow(
      expect.objectContaining({ code: 'bad_request', field: 'action' }),
    );
  });
});

describe('the report frame', () => {
  it('takes a reason from the list and an optional note', () => {
    expect(parseClientFrame(JSON.stringify({ type: 'message.report', id: 'r', roomId: 1, seq: 2, reason: 'spam' }))).toEqual({
      type: 'message.report',
      id: 'r',
      roomId: 1,
      seq: 2,
      reason: 'spam',
    });
  });

  it('refuses a reason that is not in the list', () => {
    expect(() => parseClientFrame(JSON.stringify({ type: 'message.report', id: 'r', roomId: 1, seq: 2, reason: 'meh' }))).toThrow(
      expect.objectContaining({ code: 'invalid_frame', field: 'reason' }),
    );
  });
});
