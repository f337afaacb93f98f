// /healthz and /metrics of a running server.

import { describe, expect, it, onTestFinished } from 'vitest';
import { TestServer, useTestServer } from '../support/test-server.js';
import { openDirect, sendText } from '../support/chat.js';

const env = useTestServer();

/** Messages stored and commits made so far, from the commit batch-size histogram. */
function commitCounts(metrics: string): { messages: number; commits: number } {
  const read = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1] ?? Number.NaN);
  return { messages: read('ichat_commit_batch_size_sum'), commits: read('ichat_commit_batch_size_count') };
}

describe('GET /healthz', () => {
  it('answers 200 with the version, the database status, e-mail off (no SMTP server) and the broker off (one node)', async () => {
    const result = await env.server.http('/healthz');
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/), database: 'ok', email: 'off', broker: 'off' });
  });
});

describe('GET /healthz with the database gone', () => {
  it('answers 503 with the database down', async () => {
    const server = await TestServer.start();
    onTestFinished(() => server.dispose());
    await server.running.store.close();
    const result = await server.http('/healthz');
    expect(result.status).toBe(503);
    expect(result.body).toMatchObject({ status: 'degraded', database: 'down' });
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

  it('counts refused requests by error code', async () => {
    const stranger = await env.server.register('metrics.stranger');
    const client = await env.server.signIn(stranger);
    await client.refused('history', { roomId: 424242 });
    const result = await env.server.http('/metrics');
    expect(result.text).toMatch(/^ichat_errors_total\{code="forbidden"\} 1$/m);
  });

  it('shows a burst of messages stored in fewer commits than messages (group commit)', async () => {
    const ada = await env.server.register('burst.ada');
    const bob = await env.server.register('burst.bob');
    const client = await env.server.signIn(ada);
    const room = await openDirect(client, bob);
    const before = commitCounts((await env.server.http('/metrics')).text);
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.request('message.send', { roomId: room.roomId, clientMsgId: `g${i}`, text: `g${i}` })));
    const after = commitCounts((await env.server.http('/metrics')).text);
    expect(after.messages - before.messages).toBe(20);
    expect(after.commits - before.commits).toBeLessThan(20);
  });
});
