// The server API's shapes: message kinds, room bodies, the history query string, and the JSON Schemas the kit gives
// for the OpenAPI document.

import { describe, expect, it } from 'vitest';
import {
  array,
  CreateRoomBodySchema,
  int,
  jsonSchemaOf,
  MessageSchema,
  nullable,
  object,
  oneOf,
  optional,
  parseMessagePageQuery,
  parseWith,
  string,
} from '../src/index.js';

const base = { id: 1, roomId: 2, seq: 3, text: 'hi', createdAt: 5, editedAt: null, deleted: false, clientMsgId: 'c', changeSeq: 0 };

describe('MessageSchema', () => {
  it('reads a user message with its sender and a system message without one', () => {
    expect(parseWith(MessageSchema, { ...base, kind: 'user', senderId: 4 })).toMatchObject({ kind: 'user', senderId: 4 });
    expect(parseWith(MessageSchema, { ...base, kind: 'system', senderId: null })).toMatchObject({ kind: 'system', senderId: null });
  });

  it('refuses a kind that disagrees with the sender, naming senderId', () => {
    for (const wrong of [{ kind: 'system', senderId: 4 }, { kind: 'user', senderId: null }]) {
      expect(() => parseWith(MessageSchema, { ...base, ...wrong })).toThrow(expect.objectContaining({ code: 'bad_request', field: 'senderId' }));
    }
  });
});

describe('CreateRoomBodySchema', () => {
  it('takes a direct room of two and a group with a name and an owner, trimming the name', () => {
    expect(parseWith(CreateRoomBodySchema, { kind: 'direct', members: ['a', 'b'] })).toEqual({ kind: 'direct', members: ['a', 'b'] });
    expect(parseWith(CreateRoomBodySchema, { kind: 'group', name: ' Team ', owner: 'a', members: [] })).toEqual({
      kind: 'group',
      name: 'Team',
      owner: 'a',
      members: [],
    });
  });

  it.each([
    [{ kind: 'direct', members: ['a', 'a'] }, 'members'],
    [{ kind: 'direct', members: ['a', 'b', 'c'] }, 'members'],
    [{ kind: 'direct', members: ['a', 'b'], owner: 'a' }, 'owner'],
    [{ kind: 'group', owner: 'a', members: [] }, 'name'],
    [{ kind: 'group', name: 'G', members: [] }, 'owner'],
    [{ kind: 'group', name: 'G', owner: '', members: [] }, 'owner'],
  ])('refuses %j naming %s', (body, field) => {
    expect(() => parseWith(CreateRoomBodySchema, body)).toThrow(expect.objectContaining({ field }));
  });
});

describe('parseMessagePageQuery', () => {
  it('reads numbers from the query string and leaves out what is not given', () => {
    expect(parseMessagePageQuery(new URLSearchParams('before=10&limit=5'))).toEqual({ before: 10, limit: 5 });
    expect(parseMessagePageQuery(new URLSearchParams(''))).toEqual({});
  });

  it.each([
    ['limit=lots', 'limit'],
    ['limit=101', 'limit'],
    ['before=0', 'before'],
    ['before=2&after=1', 'after'],
    ['after=-1', 'after'],
  ])('refuses %s naming %s', (query, field) => {
    expect(() => parseMessagePageQuery(new URLSearchParams(query))).toThrow(expect.objectContaining({ code: 'bad_request', field }));
  });
});

describe('JSON Schemas of the kit', () => {
  it('describes each block, leaving out the bounds that bound nothing', () => {
    const shape = object({
      name: string(100, 1),
      note: optional(string()),
      count: int(0, 9),
      kind: oneOf(['a', 'b']),
      parent: nullable(int(1)),
      tags: array(string(), 3),
    });
    expect(jsonSchemaOf(shape)).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 100 },
        note: { type: 'string' },
        count: { type: 'integer', minimum: 0, maximum: 9 },
        kind: { type: 'string', enum: ['a', 'b'] },
        parent: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
      },
      required: ['name', 'count', 'kind', 'parent', 'tags'],
    });
  });
});
