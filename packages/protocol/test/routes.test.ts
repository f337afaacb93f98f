// The HTTP route table and its body and answer readers.

import { describe, expect, it } from 'vitest';
import { hasFixedPaths, matchRoute, parseAnswer, parseBody, PATH_KEY_MAX, ROUTES, routePath, routePaths } from '../src/index.js';
import { wireErrorOf as failure } from './support/wire-error.js';

describe('the route table', () => {
  it('fills path parameters, encoded, and lists every concrete path of a parameterised route', () => {
    expect(routePath(ROUTES.stats, { series: 'messages' })).toBe('/api/v1/admin/stats/messages');
    expect(routePath(ROUTES.stats, { series: 'a/b' })).toBe('/api/v1/admin/stats/a%2Fb');
    expect(routePaths(ROUTES.stats).map((entry) => entry.path)).toEqual([
      '/api/v1/admin/stats/registrations',
      '/api/v1/admin/stats/messages',
      '/api/v1/admin/stats/active-users',
    ]);
    expect(() => routePath(ROUTES.stats)).toThrow(/series/);
  });

  it('gives every route a distinct method and path', () => {
    const keys = Object.values(ROUTES).map((spec) => `${spec.method} ${spec.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('parseBody', () => {
  it('reads a register body already normalised by the domain rules', () => {
    const body = parseBody(ROUTES.register, '{"email":" Ada@Example.COM ","username":"Ada","password":"correct horse"}');
    expect(body).toEqual({ email: 'ada@example.com', username: 'ada', password: 'correct horse' });
  });

  it.each([
    ['text that is not JSON', '{oops', { code: 'bad_request', message: 'Body must be JSON' }],
    ['JSON that is not an object', '["ada"]', { code: 'bad_request', message: 'Body must be a JSON object' }],
    ['a missing password', '{"email":"ada@example.com"}', { code: 'validation_failed', message: 'Password is required', field: 'password' }],
    ['a malformed e-mail', '{"email":"ada","password":"x"}', { code: 'validation_failed', message: 'Enter a valid e-mail address', field: 'email' }],
  ])('refuses a login body with %s', (_what, text, expected) => {
    expect(failure(() => parseBody(ROUTES.login, text))).toEqual(expected);
  });
});

describe('parseAnswer', () => {
  it('reads a health answer and refuses one that breaks its schema as internal', () => {
    expect(parseAnswer(ROUTES.health, { status: 'ok', version: '1', database: 'ok' })).toEqual({ status: 'ok', version: '1', database: 'ok' });
    expect(failure(() => parseAnswer(ROUTES.health, { status: 'fine', version: '1', database: 'ok' }))).toMatchObject({
      code: 'internal',
      field: 'status',
    });
  });
});

describe('matchRoute', () => {
  const roomMessages = { path: '/api/v1/rooms/{roomId}/users/{userKey}', params: { roomId: 'id', userKey: 'key' } } as const;

  it('reads id and key parameters, decoded', () => {
    expect(matchRoute(roomMessages, '/api/v1/rooms/42/users/ada%2Fhost')).toEqual({ roomId: '42', userKey: 'ada/host' });
  });

  it.each([
    ['an id that is not a positive integer', '/api/v1/rooms/0/users/ada'],
    ['an id with a leading zero', '/api/v1/rooms/042/users/ada'],
    ['an id with a sign', '/api/v1/rooms/-4/users/ada'],
    ['an empty key', '/api/v1/rooms/4/users/'],
    ['a key longer than the limit', `/api/v1/rooms/4/users/${'k'.repeat(PATH_KEY_MAX + 1)}`],
    ['a malformed escape', '/api/v1/rooms/4/users/%E0%A4%A'],
    ['an extra segment', '/api/v1/rooms/4/users/ada/more'],
    ['another literal segment', '/api/v1/groups/4/users/ada'],
  ])('refuses %s', (_what, path) => {
    expect(matchRoute(roomMessages, path)).toBeUndefined();
  });

  it('matches a fixed parameter only to its listed values, and refuses to list an open route', () => {
    expect(matchRoute(ROUTES.stats, '/api/v1/admin/stats/messages')).toEqual({ series: 'messages' });
    expect(matchRoute(ROUTES.stats, '/api/v1/admin/stats/passwords')).toBeUndefined();
    expect(hasFixedPaths(ROUTES.stats)).toBe(true);
    expect(hasFixedPaths(roomMessages)).toBe(false);
    expect(() => routePaths(roomMessages)).toThrow(/open parameter "roomId"/);
  });
});
