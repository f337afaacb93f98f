// Origin checks for the API and the socket, with and without an allow-list.

import { describe, expect, it } from 'vitest';
import { TestClient } from '../support/test-client.js';
import { apiError } from '../support/http.js';
import { useTestServer } from '../support/test-server.js';

const ALLOWED = 'https://shop.example';

describe('with ICHAT_ALLOWED_ORIGINS set', () => {
  const env = useTestServer({ 'allowed-origins': `${ALLOWED}, https://blog.example/` });

  it('answers an allowed origin with CORS headers that echo it', async () => {
    const result = await env.server.http('/api/v1/me', { headers: { origin: ALLOWED } });
    expect(result.status).toBe(401);
    expect(result.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(result.headers.get('vary')).toBe('Origin');
  });

  it('answers a preflight from an allowed origin with 204 and the allowed headers', async () => {
    const result = await env.server.http('/api/v1/auth/login', {
      method: 'OPTIONS',
      headers: { origin: 'https://blog.example', 'access-control-request-method': 'POST' },
    });
    expect(result.status).toBe(204);
    expect(result.headers.get('access-control-allow-origin')).toBe('https://blog.example');
    expect(result.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(result.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('allows PATCH from an allowed origin, for profile edits from the embedding page', async () => {
    const result = await env.server.http('/api/v1/me', {
      method: 'OPTIONS',
      headers: { origin: 'https://blog.example', 'access-control-request-method': 'PATCH' },
    });
    expect(result.status).toBe(204);
    expect(result.headers.get('access-control-allow-methods')?.split(', ')).toContain('PATCH');
  });

  it('refuses the API to any other origin with 403 origin_not_allowed and no CORS headers', async () => {
    const result = await env.server.http('/api/v1/auth/register', {
      headers: { origin: 'https://evil.example' },
      body: { email: 'evil@example.test', username: 'evil', password: 'password123' },
    });
    expect(result.status).toBe(403);
    expect(apiError(result).code).toBe('origin_not_allowed');
    expect(result.headers.get('access-control-allow-origin')).toBeNull();
    expect(env.server.db.count('users')).toBe(0);
  });

  it('refuses a preflight from any other origin', async () => {
    const result = await env.server.http('/api/v1/auth/login', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(result.status).toBe(403);
    expect(result.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets requests without an Origin header through (servers and command-line tools)', async () => {
    const result = await env.server.http('/api/v1/me');
    expect(result.status).toBe(401);
    expect(apiError(result).code).toBe('unauthorized');
  });

  it('opens sockets for an allowed origin and refuses others at the upgrade with 403', async () => {
    const allowed = await env.server.connect({ origin: ALLOWED });
    await expect(allowed.refused('ping', {})).resolves.toMatchObject({ code: 'unauthorized' });
    const refused = await TestClient.refusedUpgrade(env.server.wsUrl, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.error.code).toBe('origin_not_allowed');
  });
});

describe('with no allow-list', () => {
  const env = useTestServer();

  it('allows any origin for the API and the socket', async () => {
    const result = await env.server.http('/api/v1/me', { headers: { origin: 'https://anywhere.example' } });
    expect(result.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    const client = await env.server.connect({ origin: 'https://anywhere.example' });
    expect(client.isOpen).toBe(true);
  });
});
