// The server's own pages are same-origin: they work with any allow-list, without listing the server itself.

import { describe, expect, it } from 'vitest';
import { TestClient } from '../support/test-client.js';
import { apiError } from '../support/http.js';
import { useTestServer } from '../support/test-server.js';

describe('same-origin requests with ICHAT_ALLOWED_ORIGINS set to other sites', () => {
  const env = useTestServer({ 'allowed-origins': 'https://shop.example' });

  it('lets a page served by the server call its API', async () => {
    const origin = env.server.url;
    const result = await env.server.http('/api/v1/me', { headers: { origin } });
    expect(result.status).toBe(401);
    expect(apiError(result).code).toBe('unauthorized');
    expect(result.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it('lets a page served by the server open a socket', async () => {
    const client = await env.server.connect({ origin: env.server.url });
    await expect(client.refused('ping', {})).resolves.toMatchObject({ code: 'unauthorized' });
  });

  it('still refuses a foreign origin on the same port of another host', async () => {
    const refused = await TestClient.refusedUpgrade(env.server.wsUrl, { origin: `http://evil.example:${env.server.running.port}` });
    expect(refused.status).toBe(403);
  });
});
