// The ichat-server command, run as users run it: the built dist/main.js in a child process.

import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnswer, ROUTES } from '@ichat/protocol';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { openDirect, person, sendText } from './support/chat.js';
import { cleanEnv, MAIN, requireBuild, startChildServer } from './support/child-server.js';
import { http } from './support/http.js';
import { makeTempDir, PASSWORD, TestServer } from './support/test-server.js';
import { within } from './support/wait.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command in `cwd` with a clean environment (so no setting leaks in from the test runner's). */
function ichatServer(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return within(
    new Promise<Run>((resolve) => {
      execFile(process.execPath, [MAIN, ...args], { cwd, env: cleanEnv(env) }, (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
      });
    }),
    `ichat-server ${args.join(' ')}`,
    15_000,
  );
}

/** A stopped server's folder holding one registered user, for commands that work on the database. */
async function databaseWithUser(name: string): Promise<{ dir: string; database: string; email: string }> {
  const server = await TestServer.start();
  onTestFinished(() => server.dispose());
  const user = await server.register(name);
  await server.stop();
  return { dir: server.dir, database: server.databasePath, email: user.email };
}

beforeAll(requireBuild);

describe('ichat-server --help', () => {
  it('prints every command and option and exits 0', async () => {
    const run = await ichatServer(['--help'], makeTempDir());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: ichat-server');
    expect(run.stdout).toContain('--max-connections-per-ip');
    expect(run.stdout).toContain('ICHAT_ALLOWED_ORIGINS');
  });

  it('exits non-zero with a message for an unknown flag or command', async () => {
    const flag = await ichatServer(['--no-such-flag'], makeTempDir());
    expect(flag.code).not.toBe(0);
    expect(flag.stderr).toMatch(/^ichat-server: .*no-such-flag/);
    const command = await ichatServer(['frobnicate'], makeTempDir());
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('Unknown command "frobnicate"');
  });

  it('exits 2 naming the option for a malformed setting', async () => {
    const run = await ichatServer(['--port', 'eighty'], makeTempDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--port / PORT must be a whole number');
  });
});

describe('ichat-server admin', () => {
  it('grants and revokes administrator rights by e-mail, which the server then reports', async () => {
    const { dir, database, email } = await databaseWithUser('boss');
    const grant = await ichatServer(['admin', 'grant', email.toUpperCase(), '--database', database], dir);
    expect(grant).toMatchObject({ code: 0, stdout: `${email} is now an administrator\n` });

    const server = await TestServer.start({}, dir);
    const login = await server.http('/api/v1/auth/login', { body: { email, password: PASSWORD } });
    const { token } = parseAnswer(ROUTES.login, login.body);
    expect(parseAnswer(ROUTES.me, (await server.http('/api/v1/me', { token })).body).user.isAdmin).toBe(true);
    await server.stop();

    const revoke = await ichatServer(['admin', 'revoke', email, '--database', database], dir);
    expect(revoke).toMatchObject({ code: 0, stdout: `${email} is no longer an administrator\n` });
  });

  it('reads the database from a .env file in the working directory, as a relative sqlite URL', async () => {
    const { dir, email } = await databaseWithUser('dotenv');
    writeFileSync(join(dir, '.env'), 'DATABASE_URL=sqlite:///./ichat.db\n');
    expect((await ichatServer(['admin', 'grant', email], dir)).code).toBe(0);
  });

  it('exits 2 for an unknown e-mail or a missing argument', async () => {
    const { dir, database } = await databaseWithUser('someone');
    const unknown = await ichatServer(['admin', 'grant', 'nobody@example.test', '--database', database], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No user with e-mail nobody@example.test');
    const missing = await ichatServer(['admin', 'grant', '--database', database], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: ichat-server admin grant|revoke <email>');
  });
});

describe('ichat-server backup', () => {
  it('writes a usable copy of the database while the server runs', async () => {
    const server = await TestServer.start();
    onTestFinished(() => server.dispose());
    const ada = await person(server, 'ada');
    const bob = await server.register('bob');
    const { roomId } = await openDirect(ada.client, bob);
    const message = await sendText(ada.client, roomId, 'backed up');

    const copyDir = makeTempDir();
    // Named as a test server's database, so one can be started on the copy.
    const copy = join(copyDir, 'ichat.db');
    const run = await ichatServer(['backup', copy, '--database', server.databasePath], server.dir);
    expect(run).toMatchObject({ code: 0, stdout: `Backed up the database to ${copy}\n` });
    expect(existsSync(`${copy}.partial`)).toBe(false);

    // The copy is a database a server starts on: same accounts, rooms and messages.
    const restored = await TestServer.start({}, copyDir);
    onTestFinished(() => restored.dispose());
    await sendText(ada.client, roomId, 'after the backup');
    expect(restored.db.messages(roomId).map((row) => row.text)).toEqual([message.text]);
    const login = await restored.http('/api/v1/auth/login', { body: { email: bob.email, password: PASSWORD } });
    expect(login.status).toBe(200);
  });
});

describe('ichat-server (serve)', () => {
  it('serves until SIGTERM, then stops cleanly with exit code 0', async () => {
    const dir = makeTempDir();
    const server = await startChildServer(['--database', join(dir, 'ichat.db')], dir);
    expect((await http(server.url, '/healthz')).status).toBe(200);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.stderr()).toContain('SIGTERM: finishing pending messages and closing connections');
  });
});
