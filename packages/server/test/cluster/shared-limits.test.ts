// Limits hold across the nodes of a cluster: a client spreading its attempts or sockets over the nodes (as a
// round-robin balancer does) gets exactly what one node would give it, on Redis and on NATS.

import { randomBytes } from 'node:crypto';
import { CLOSE_CODES } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { createGroup } from '../support/chat.js';
import { NATS_URL, REDIS_URL, useTestCluster } from '../support/cluster.js';
import { PASSWORD } from '../support/test-server.js';
import { TestClient } from '../support/test-client.js';
import { eventually } from '../support/wait.js';

const MAX_FAILURES = 3;
const REGISTRATIONS = 3;
const CONNECTIONS = 3;

/** A client address of the test's own, so the tests of a file never share an allowance. */
function freshAddress(): { 'x-forwarded-for': string } {
  const bytes = randomBytes(2);
  return { 'x-forwarded-for': `198.51.${bytes[0]!}.${bytes[1]!}` };
}

describe.each([
  ['Redis', REDIS_URL],
  ['NATS', NATS_URL],
])('limits across three nodes on %s', (_name, url) => {
  const env = useTestCluster(3, url, {
    'login-max-failures': String(MAX_FAILURES),
    'registrations-per-hour': String(REGISTRATIONS),
    'max-connections-per-ip': String(CONNECTIONS),
    'rooms-per-hour': '2',
    'trust-proxy': true,
  });

  it("refuses a user's third group in the hour when each was asked for on another node", async () => {
    const { cluster } = env;
    const ada = await cluster.node(0).register(`ada${randomBytes(3).toString('hex')}`);
    const sockets = [await cluster.node(0).signIn(ada), await cluster.node(1).signIn(ada), await cluster.node(2).signIn(ada)];
    await createGroup(sockets[0]!, 'one', []);
    await createGroup(sockets[1]!, 'two', []);
    const refused = await sockets[2]!.refused('room.create_group', { name: 'three', members: [] });
    expect(refused).toMatchObject({ code: 'rate_limited' });
    expect(refused.retryAfterMs).toBeGreaterThan(60_000);
  });

  it('refuses logins after exactly the allowed failures in total, spread round-robin over the nodes', async () => {
    const { cluster } = env;
    const user = await cluster.node(0).register(`guessed${randomBytes(3).toString('hex')}`);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const result = await cluster.node(i % 3).http('/api/v1/auth/login', {
        body: { email: user.email, password: 'wrong password' },
        headers: freshAddress(),
      });
      statuses.push(result.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    // Even the right password, on a node that saw no failure of this account's.
    const right = await cluster.node(0).http('/api/v1/auth/login', { body: { email: user.email, password: PASSWORD }, headers: freshAddress() });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses registrations from one address after exactly the allowance in total, spread over the nodes', async () => {
    const { cluster } = env;
    const from = freshAddress();
    const tag = randomBytes(3).toString('hex');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const result = await cluster.node(i % 3).http('/api/v1/auth/register', {
        body: { email: `reg${tag}${i}@example.test`, username: `reg${tag}${i}`, password: PASSWORD },
        headers: from,
      });
      statuses.push(result.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
  });

  it('caps sockets per address across the nodes and frees a place when one closes', async () => {
    const { cluster } = env;
    const from = { headers: freshAddress() };
    // Signed in, so each is admitted (its auth answered) before the next one asks: an open socket may still be
    // waiting for the shared count.
    const user = await cluster.node(0).register(`capped${randomBytes(3).toString('hex')}`);
    const open = [await cluster.node(0).signIn(user, from), await cluster.node(1).signIn(user, from), await cluster.node(2).signIn(user, from)];
    for (const node of cluster.nodes) {
      // Each node holds one of the three, so only the count shared across nodes refuses: after the upgrade, with a
      // close of its own, before the socket can be used.
      const extra = await TestClient.connect(node.wsUrl, from);
      expect(await extra.closedWithin()).toEqual({ code: CLOSE_CODES.too_many_connections, reason: 'too_many_connections' });
    }
    await open[1]!.close();
    // A socket is usable once it is admitted: its auth is answered. A refused one is closed before that, and the
    // attempt ends there, so the next one can ask again.
    const attempt = async (): Promise<TestClient | undefined> => {
      const client = await TestClient.connect(cluster.node(0).wsUrl, from);
      const outcome = await Promise.race([client.auth(user.token).then(() => 'ready', () => 'refused'), client.closed.then(() => 'refused')]);
      return outcome === 'ready' ? client : undefined;
    };
    const again = await eventually(attempt, 'a place to free up');
    expect(again.isOpen).toBe(true);
    await again.close();
  });
});
