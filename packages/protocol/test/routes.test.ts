// The HTTP route table and its body and answer readers.

import { describe, expect, it } from 'vitest';
import { parseAnswer, parseBody, ROUTES, routePath, routePaths } from '../src/index.js';
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
    const keys = Object.values(ROUTES).flatMap((spec) => routePaths(spec).map((entry) => `${spec.method} ${entry.path}`));
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
