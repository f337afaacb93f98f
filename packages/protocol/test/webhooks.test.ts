// parseWebhookEvent: a webhook body read into a typed event, or a typed refusal naming the field.

import { describe, expect, it } from 'vitest';
import { IChatError, parseWebhookEvent, WEBHOOK_DATA, WEBHOOK_EVENT_TYPES } from '../src/index.js';

const MESSAGE = { id: 9, roomId: 7, seq: 41, kind: 'user', senderId: 3, text: 'hi', createdAt: 5, editedAt: null, deleted: false, clientMsgId: null, changeSeq: 0 };

function refusal(value: unknown): IChatError {
  try {
    parseWebhookEvent(value);
  } catch (error) {
    if (error instanceof IChatError) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('parseWebhookEvent', () => {
  it('reads a body into the event of its type, dropping undeclared fields', () => {
    const event = parseWebhookEvent({ id: 'e1', type: 'message.created', createdAt: 5, data: { message: MESSAGE }, extra: 1 });
    expect(event).toEqual({ id: 'e1', type: 'message.created', createdAt: 5, data: { message: MESSAGE } });
    if (event.type === 'message.created') expect(event.data.message.seq).toBe(41);
  });

  it('refuses an unknown type and data that does not fit its type, naming the field', () => {
    expect(refusal({ id: 'e1', type: 'message.sent', createdAt: 5, data: {} })).toMatchObject({ code: 'bad_request', field: 'type' });
    expect(refusal({ id: 'e1', type: 'member.added', createdAt: 5, data: { roomId: 7 } })).toMatchObject({
      code: 'bad_request',
      field: 'data.userId',
    });
    expect(refusal({ id: 'e1', type: 'user.created', createdAt: 5 })).toMatchObject({ code: 'bad_request', field: 'data' });
    expect(refusal('not an object')).toMatchObject({ code: 'bad_request' });
  });

  it('has a data schema for every event type', () => {
    expect(Object.keys(WEBHOOK_DATA)).toEqual([...WEBHOOK_EVENT_TYPES]);
  });
});
