// /healthz and /metrics of a running server.

import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/test-server.js';
import { sendText, openDirect } from '../support/chat.js';

const env = useTestServer();

describe('GET /healthz', () => {
  it('answers 200 with the version and the database status', async () => {
    const result = await env.server.http('/healthz');
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/), database: 'ok' });
  });
});

describe('GET /metrics', () => {
  it('answers Prometheus text that counts connections and stored messages', async () => {
    const ada = await env.server.register('ada');
    const bob = await env.server.register('bob');
    const client = await env.server.signIn(ada);
    const room = await openDirect(client, bob);
    await sendText(client, room.roomId, 'counted');

    const result = await env.server.http('/metrics');
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(result.text).toMatch(/^# HELP ichat_connections /m);
    expect(result.text).toMatch(/^ichat_connections 1$/m);
    expect(result.text).toMatch(/^ichat_messages_total 1$/m);
    expect(result.text).toMatch(/^ichat_commit_seconds_count 1$/m);
  });
});
