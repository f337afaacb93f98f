// Routing of HTTP requests: one JSON error shape for every refusal, body size limit and type, unknown paths and
// methods, and the headers every answer carries.

import { describe, expect, it } from 'vitest';
import { apiError, rawRequest } from '../support/http.js';
import { useTestServer } from '../support/test-server.js';

const env = useTestServer();

describe('the HTTP router', () => {
  it('answers an unknown API path with 404 not_found in the JSON error shape', async () => {
    const result = await env.server.http('/api/v1/nothing-here');
    expect(result.status).toBe(404);
    expect(result.headers.get('content-type')).toContain('application/json');
    expect(result.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('answers a known path with the wrong method with 405 method_not_allowed', async () => {
    const result = await env.server.http('/api/v1/auth/login', { method: 'PUT', body: {} });
    expect(result.status).toBe(405);
    expect(apiError(result).code).toBe('method_not_allowed');
  });

  it('counts answered requests by status in /metrics', async () => {
    await env.server.http('/api/v1/nothing-here');
    const metrics = await env.server.http('/metrics');
    expect(metrics.text).toMatch(/^ichat_http_requests_total\{status="404"\} [1-9]\d*$/m);
  });

  it('refuses a body over 64 KiB with 413 frame_too_large, and stores nothing', async () => {
    const result = await env.server.http('/api/v1/auth/register', {
      body: { email: 'big@example.test', username: 'big', password: 'p'.repeat(100 * 1024) },
    });
    expect(result.status).toBe(413);
    expect(apiError(result).code).toBe('frame_too_large');
    // Answered by the socket layer before the router: the JSON answer itself carries nosniff.
    expect(result.headers.get('x-content-type-options')).toBe('nosniff');
    expect(env.server.db.count('users')).toBe(0);
  });

  it('refuses a JSON body that is not an object with 400 bad_request', async () => {
    const result = await env.server.http('/api/v1/auth/login', { body: '["ada@example.test"]' });
    expect(result.status).toBe(400);
    expect(apiError(result).code).toBe('bad_request');
  });

  it('marks API answers as not cacheable', async () => {
    const result = await env.server.http('/api/v1/me');
    expect(result.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['text/plain', 'text/plain;charset=UTF-8'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['a lookalike type', 'application/jsonp'],
  ])('refuses a body sent as %s with 415 unsupported_media_type, before reading it', async (_what, type) => {
    const result = await env.server.http('/api/v1/auth/register', {
      body: { email: 'typed@example.test', username: 'typed', password: 'correct horse battery' },
      headers: { 'content-type': type },
    });
    expect(result.status).toBe(415);
    expect(apiError(result).code).toBe('unsupported_media_type');
    expect(env.server.db.count('users')).toBe(0);
  });

  it('refuses a body with no content type at all with 415', async () => {
    // fetch labels a string body text/plain, so this goes over a raw socket.
    const body = '{"email":"ada@example.test","password":"correct horse battery"}';
    const result = await rawRequest(
      env.server.running.port,
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(result.status).toBe(415);
    expect(result.text).toContain('"unsupported_media_type"');
  });

  it('reads JSON sent with parameters and in any letter case', async () => {
    for (const type of ['application/json; charset=utf-8', 'Application/JSON']) {
      const result = await env.server.http('/api/v1/auth/login', {
        body: { email: 'nobody@example.test', password: 'correct horse battery' },
        headers: { 'content-type': type },
      });
      expect(apiError(result).code).toBe('invalid_credentials');
    }
  });

  it.each([
    ['a JSON answer', '/healthz', 'GET'],
    ['an error', '/api/v1/me', 'GET'],
    ['a preflight 204', '/api/v1/auth/login', 'OPTIONS'],
    ['the metrics text', '/metrics', 'GET'],
  ] as const)('marks %s nosniff', async (_what, path, method) => {
    const result = await env.server.http(path, { method });
    expect(result.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('marks the 204 of a logout nosniff', async () => {
    const user = await env.server.register('leaving');
    const result = await env.server.http('/api/v1/auth/logout', { method: 'POST', token: user.token });
    expect(result.status).toBe(204);
    expect(result.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
