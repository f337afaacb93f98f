// Administrators' statistics through the SDK: typed buckets, refusals for other accounts and bad input, cancellation.

import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, IChatError, type IChatClient } from '../src/index.js';
import { registerUser, type TestUser } from './support/fixtures.js';
import { TestServer } from './support/server.js';

let server: TestServer;
let admin: TestUser;
let member: TestUser;

function clientFor(user: TestUser): IChatClient {
  return createClient({ url: server.url, token: user.token, WebSocket, autoConnect: false });
}

async function refusal(work: () => Promise<unknown>): Promise<IChatError> {
  const error: unknown = await work().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof IChatError)) throw new Error(`expected an IChatError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  server = await TestServer.start();
  admin = await registerUser(server, 'admin');
  member = await registerUser(server, 'member');
  // The same command an operator runs; the server sees the flag on the next request.
  const granted = await server.process.command(['admin', 'grant', admin.email]);
  if (granted.code !== 0) throw new Error(`admin grant failed: ${granted.stderr}`);
});

afterAll(async () => {
  await server.stop();
});

describe('client.stats()', () => {
  it('returns the registrations series in the buckets, zone and range asked for', async () => {
    const to = Date.now() + 60_000;
    const result = await clientFor(admin).stats({ series: 'registrations', bucket: 'day', from: 'first', to, tz: 'Europe/Paris' });
    expect(result).toMatchObject({ series: 'registrations', bucket: 'day', tz: 'Europe/Paris', to, totalBefore: 0 });
    const total = result.buckets.reduce((sum, bucket) => sum + bucket.count, 0);
    expect(total).toBe(2);
    expect(result.buckets.at(-1)?.cumulative).toBe(2);
  });

  it('uses the server defaults for what the query leaves out', async () => {
    const result = await clientFor(admin).stats({ series: 'messages' });
    expect(result).toMatchObject({ series: 'messages', bucket: 'day', tz: 'UTC' });
    expect(result.buckets.length).toBeGreaterThanOrEqual(30);
  });

  it('refuses other accounts, bad zones and missing tokens with typed errors', async () => {
    expect((await refusal(() => clientFor(member).stats({ series: 'registrations' }))).code).toBe('forbidden');
    const badZone = await refusal(() => clientFor(admin).stats({ series: 'registrations', tz: 'Mars/Olympus' }));
    expect(badZone).toMatchObject({ code: 'validation_failed', field: 'tz' });
    const anonymous = createClient({ url: server.url, WebSocket, autoConnect: false });
    expect((await refusal(() => anonymous.stats({ series: 'registrations' }))).code).toBe('unauthorized');
  });

  it('rejects with cancelled when its signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await refusal(() => clientFor(admin).stats({ series: 'registrations' }, { signal: controller.signal }));
    expect(error.code).toBe('cancelled');
  });
});
