// API keys: made, listed and revoked by the real ichat-server command, and scoped both ways: a key opens the server
// API and nothing else, a session token opens everything but the server API.

import { join } from 'node:path';
import { ROUTES } from '@ichat/protocol';
import { requireServerBuild, runServerCommand, type CommandResult } from '@ichat/test-kit';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { apiError } from '../support/http.js';
import { makeTempDir, TestServer, useTestServer } from '../support/test-server.js';
import { apiKey, call, HOST_FLAGS, hostUser } from './support.js';

function apiKeyCommand(args: string[], dir: string): Promise<CommandResult> {
  return runServerCommand(['api-key', ...args, '--database', join(dir, 'ichat.db')], { cwd: dir, env: {}, timeoutMs: 15_000 });
}

describe('API key scoping', () => {
  const env = useTestServer(HOST_FLAGS);

  it('opens a server route with a current key', async () => {
    await hostUser(env.server, 'scope-1');
    const key = await apiKey(env.server);
    const answer = await call(env.server, ROUTES.serverGetUser, key, { params: { externalId: 'scope-1' } });
    expect(answer.status, answer.text).toBe(200);
  });

  it('refuses a server route with 401 unauthorized without a key, with a wrong one, a revoked one or a session token', async () => {
    await hostUser(env.server, 'scope-2');
    const session = await hostUser(env.server, 'scope-3');
    const revoked = await apiKey(env.server, 'revoked-key');
    await env.server.running.store.apiKeys.revoke('revoked-key');
    const valid = await apiKey(env.server);
    const params = { externalId: 'scope-2' };
    const attempts = [
      env.server.http(`/api/v1/server/users/scope-2`),
      call(env.server, ROUTES.serverGetUser, `${valid}x`, { params }),
      call(env.server, ROUTES.serverGetUser, 'ichat_sk_not-a-key-at-all', { params }),
      call(env.server, ROUTES.serverGetUser, revoked, { params }),
      call(env.server, ROUTES.serverGetUser, session.token, { params }),
    ];
    for (const attempt of await Promise.all(attempts)) {
      expect(attempt.status, attempt.text).toBe(401);
      expect(apiError(attempt).code).toBe('unauthorized');
    }
  });

  it('refuses a key on user and admin routes with 401, where a session token works', async () => {
    const session = await hostUser(env.server, 'scope-4');
    const key = await apiKey(env.server);
    expect((await env.server.http(ROUTES.me.path, { token: session.token })).status).toBe(200);
    const me = await env.server.http(ROUTES.me.path, { token: key });
    expect(me.status).toBe(401);
    expect(apiError(me).code).toBe('unauthorized');
    const stats = await env.server.http('/api/v1/admin/stats/messages', { token: key });
    expect(stats.status).toBe(401);
    const logout = await env.server.http(ROUTES.logout.path, { method: 'POST', token: key });
    expect(logout.status).toBe(401);
  });

  it('does not open a socket with a key', async () => {
    const key = await apiKey(env.server);
    const socket = await env.server.connect();
    const refused = await socket.refused('auth', { token: key });
    expect(refused.code).toBe('unauthorized');
  });
});

describe('ichat-server api-key', () => {
  beforeAll(requireServerBuild);

  // Seven runs of the command, each a Node start, and two servers: on a busy machine more than a test's usual time.
  it('creates a key printed once, lists it without the secret, and revokes it, against a server on that database', async () => {
    const dir = makeTempDir();
    const created = await apiKeyCommand(['create', 'crm'], dir);
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.split('\n')[0] ?? '';
    expect(key).toMatch(/^ichat_sk_[A-Za-z0-9_-]{43}$/);

    const taken = await apiKeyCommand(['create', 'crm'], dir);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('exists already');

    const listed = await apiKeyCommand(['list'], dir);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^NAME +CREATED +LAST USED\ncrm +\d{4}-\d\d-\d\dT[\d:.]+Z +never\n$/);
    expect(listed.stdout).not.toContain(key.slice('ichat_sk_'.length));

    const server = await TestServer.start(HOST_FLAGS, dir);
    onTestFinished(() => server.dispose());
    await hostUser(server, 'cli-1');
    expect((await call(server, ROUTES.serverGetUser, key, { params: { externalId: 'cli-1' } })).status).toBe(200);
    await server.stop();
    expect((await apiKeyCommand(['list'], dir)).stdout).toMatch(/\ncrm +\S+ +\d{4}-\d\d-\d\dT[\d:.]+Z\n$/);

    const revoked = await apiKeyCommand(['revoke', 'crm'], dir);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain('Revoked the API key "crm"');
    const again = await apiKeyCommand(['revoke', 'crm'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('No API key named "crm"');
    expect((await apiKeyCommand(['list'], dir)).stdout).toBe('No API keys.\n');

    const restarted = await TestServer.start(HOST_FLAGS, dir);
    onTestFinished(() => restarted.dispose());
    const refused = await call(restarted, ROUTES.serverGetUser, key, { params: { externalId: 'cli-1' } });
    expect(refused.status).toBe(401);
  }, 90_000);

  it('refuses a bad name and a wrong usage with exit code 2', async () => {
    const dir = makeTempDir();
    const badName = await apiKeyCommand(['create', 'has space'], dir);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('API key name');
    const usage = await apiKeyCommand(['rotate'], dir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: ichat-server api-key');
  }, 30_000);
});
