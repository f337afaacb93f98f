// The kit's server process against the real built server: ready from its JSON signal, accounts through the route
// table, data kept across a graceful restart and a SIGKILL, a fixed port kept, the folder removed on dispose (unless
// it is the caller's), and a stop that gives up on a process that does not exit.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAnswer, ROUTES } from '@ichat/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../src/ports.js';
import { PASSWORD, registerUser, uniqueName } from '../src/accounts.js';
import { ServerProcess } from '../src/server-process.js';

let server: ServerProcess | undefined;

afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

async function canLogIn(url: string, email: string): Promise<boolean> {
  const response = await fetch(`${url}${ROUTES.login.path}`, {
    method: ROUTES.login.method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  return response.status === ROUTES.login.status && parseAnswer(ROUTES.login, await response.json()).user.email === email;
}

describe('ServerProcess', () => {
  it('starts, registers, keeps the data across a graceful restart and a crash, and removes its folder', async () => {
    server = await ServerProcess.start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const name = uniqueName('kit');
    const account = await registerUser(server.url, name);
    expect(account.user.username).toBe(name);
    expect(account.password).toBe(PASSWORD);

    await server.restart();
    expect(await canLogIn(server.url, account.user.email)).toBe(true);

    await server.kill();
    expect(server.running).toBe(false);
    await server.restart();
    expect(await canLogIn(server.url, account.user.email)).toBe(true);

    const dir = server.dir;
    await server.dispose();
    server = undefined;
    expect(existsSync(dir)).toBe(false);
  });

  it('keeps a fixed port across a restart and reports the exit code of a stop', async () => {
    const port = await freePort();
    server = await ServerProcess.start({ port });
    expect(server.port).toBe(port);
    expect(await server.stop('SIGTERM')).toBe(0);
    await server.restart();
    expect(server.port).toBe(port);
  });

  it("runs subcommands on its database and fails a start with the server's own error", async () => {
    server = await ServerProcess.start();
    const account = await registerUser(server.url, uniqueName('adm'));
    const granted = await server.command(['admin', 'grant', account.user.email]);
    expect(granted.code, granted.stderr).toBe(0);
    await expect(ServerProcess.start({ args: ['--no-such-flag'] })).rejects.toThrow(/exited \(\d+\) before listening/);
  });

  it("runs on the caller's folder and database path, creating missing parents, and leaves the folder on dispose", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ichat-kit-own-'));
    try {
      const database = join(dir, 'not', 'yet', 'there', 'chat.db');
      server = await ServerProcess.start({ dir, database });
      expect(server.dir).toBe(dir);
      expect(server.databasePath).toBe(database);
      await registerUser(server.url, uniqueName('own'));
      await server.dispose();
      server = undefined;
      expect(existsSync(database)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails a stop after its timeout when the process does not exit, and kills it', async () => {
    server = await ServerProcess.start();
    // A stopped process cannot act on SIGTERM; only the kit's SIGKILL ends it.
    server.process.kill('SIGSTOP');
    await expect(server.stop('SIGTERM', 300)).rejects.toThrow(/did not exit within 300 ms of SIGTERM/);
    expect(await server.stop()).toBeNull();
    expect(server.process.signalCode).toBe('SIGKILL');
  });
});
