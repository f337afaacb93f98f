// Routing of HTTP requests: one JSON error shape for every refusal, body size limit, unknown paths and methods.

import { describe, expect, it } from 'vitest';
import { apiError } from '../support/http.js';
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
});
