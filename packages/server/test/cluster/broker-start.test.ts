// A node whose broker cannot be reached does not start: one line says which option and why, and no database is made.

import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { IChatError } from '@ichat/protocol';
import { freePort } from '@ichat/test-kit';
import { describe, expect, it, onTestFinished } from 'vitest';
import { NATS_URL, REDIS_URL, TestCluster } from '../support/cluster.js';
import { makeTempDir, TestServer } from '../support/test-server.js';

describe('starting with a broker', () => {
  it.each([
    ['Redis', 'redis', /^--broker-url \/ ICHAT_BROKER_URL: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+\/?: .+$/],
    ['NATS', 'nats', /^--broker-url \/ ICHAT_BROKER_URL: cannot reach NATS at 127\.0\.0\.1:\d+: .+$/],
  ])('refuses to start when %s cannot be reached, in one line, before the database is made', async (_name, scheme, line) => {
    const dir = makeTempDir();
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const url = `${scheme}://127.0.0.1:${await freePort()}`;
    const error: unknown = await TestServer.start({ 'broker-url': url }, dir).then(
      () => undefined,
      (refusal: unknown) => refusal,
    );
    expect(error).toBeInstanceOf(IChatError);
    expect(error).toMatchObject({ code: 'unavailable', field: 'brokerUrl' });
    expect(error instanceof Error ? error.message : '').toMatch(line);
    expect(existsSync(join(dir, 'ichat.db'))).toBe(false);
  });

  it.each([
    ['Redis', REDIS_URL],
    ['NATS', NATS_URL],
  ])('reports the %s connection in /healthz', async (_name, url) => {
    const cluster = await TestCluster.start(1, url);
    onTestFinished(() => cluster.dispose());
    const health = await cluster.node(0).http('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', broker: 'connected' });
    const metrics = (await cluster.node(0).http('/metrics')).text;
    for (const name of ['ichat_broker_latency_seconds', 'ichat_broker_reorder_holds_total', 'ichat_broker_gap_repairs_total']) {
      expect(metrics).toContain(`# TYPE ${name}`);
    }
  });
});
