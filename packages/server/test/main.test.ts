// The ichat-server command, run as users run it: the built dist/main.js in a child process.

import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFields, parseAnswer, ROUTES } from '@ichat/protocol';
import { requireServerBuild, runServerCommand, ServerProcess, type CommandResult } from '@ichat/test-kit';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { openDirect, person, sendText } from './support/chat.js';
import { http } from './support/http.js';
import { fetchPath, PDF, upload, uploadedId } from './attachments/fixtures.js';
import { makeTempDir, PASSWORD, TestServer } from './support/test-server.js';

/** Runs the command in `cwd` with a clean environment (so no setting leaks in from the test runner's). */
function ichatServer(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CommandResult> {
  return runServerCommand(args, { cwd, env, timeoutMs: 15_000 });
}

/** A stopped server's folder holding one registered user, for commands that work on the database. */
async function databaseWithUser(name: string): Promise<{ dir: string; database: string; email: string }> {
  const server = await TestServer.start();
  onTestFinished(() => server.dispose());
  const user = await server.register(name);
  await server.stop();
  return { dir: server.dir, database: server.databasePath, email: user.email };
}

beforeAll(requireServerBuild);

describe('ichat-server --help', () => {
  it('prints every command and option and exits 0', async () => {
    const run = await ichatServer(['--help'], makeTempDir());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: ichat-server');
    expect(run.stdout).toContain('--max-connections-per-ip');
    expect(run.stdout).toContain('ICHAT_ALLOWED_ORIGINS');
  });

  it('prints the version for --version and -v and exits 0', async () => {
    for (const flag of ['--version', '-v']) {
      const run = await ichatServer([flag], makeTempDir());
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
    }
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

/** Runs a start that must be refused: exit 2, one line on stderr containing `message`, and nothing left on disk. */
async function expectRefusedStart(args: string[], env: Record<string, string>, message: string, dir = makeTempDir()): Promise<void> {
  const before = readdirSync(dir, { recursive: true }).sort();
  const run = await ichatServer(args, dir, env);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^ichat-server: [^\n]+\n$/);
  expect(run.stderr).toContain(message);
  expect(run.stdout).toBe('');
  // No database, no secret.key, no folder: the refused start created nothing.
  expect(readdirSync(dir, { recursive: true }).sort()).toEqual(before);
}

describe('ichat-server refusing settings it cannot honour', () => {
  it('refuses a PostgreSQL DATABASE_URL without a host instead of opening a SQLite file named after it', async () => {
    await expectRefusedStart([], { DATABASE_URL: 'postgres:///db' }, '--database / DATABASE_URL names no host: use postgres://');
  });

  it.each([
    [['--port', '70000'], {}, '--port / PORT must be at most 65535'],
    [[], { LOG_LEVEL: 'loud' }, '--log-level / LOG_LEVEL must be one of'],
    [['--message-burst', '0'], {}, '--message-burst / ICHAT_MESSAGE_BURST must be at least 1'],
    [['--messages-per-second', '0'], {}, '--messages-per-second / ICHAT_MESSAGES_PER_SECOND must be at least 1'],
    [['--frames-per-second', '0'], {}, '--frames-per-second / ICHAT_FRAMES_PER_SECOND must be at least 1'],
    [['--login-max-failures', '0'], {}, '--login-max-failures / ICHAT_LOGIN_MAX_FAILURES must be at least 1'],
    [[], { ICHAT_TOKEN_TTL_HOURS: '0' }, '--token-ttl-hours / ICHAT_TOKEN_TTL_HOURS must be at least 1'],
  ])('refuses %j %j with exit 2 and one line', async (args, env, message) => {
    await expectRefusedStart(args, env, message);
  });

  it('refuses a database whose folder cannot be created because a file is in the way', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'data'), 'not a folder');
    await expectRefusedStart(['--database', join(dir, 'data', 'ichat.db')], {}, `${join(dir, 'data')} is a file`, dir);
  });

  it.each([
    ['the example placeholder', 'change-me-to-a-long-random-string', '--secret / SECRET_KEY is the example placeholder'],
    ['a secret under 32 characters', 'x'.repeat(31), '--secret / SECRET_KEY is 31 characters long; use at least 32'],
  ])('refuses %s as SECRET_KEY in production', async (_what, secret, message) => {
    await expectRefusedStart([], { NODE_ENV: 'production', SECRET_KEY: secret }, message);
  });

  it('refuses a database path that is a folder', async () => {
    const dir = makeTempDir();
    mkdirSync(join(dir, 'ichat.db'));
    await expectRefusedStart(['--database', join(dir, 'ichat.db')], {}, 'which is a folder', dir);
  });

  it('refuses a static folder that does not exist, or has no index.html, before creating the database', async () => {
    const dir = makeTempDir();
    await expectRefusedStart(['--static-dir', join(dir, 'site')], {}, `${join(dir, 'site')}, which does not exist`, dir);
    mkdirSync(join(dir, 'site'));
    writeFileSync(join(dir, 'site', 'widget.js'), '');
    await expectRefusedStart(['--static-dir', join(dir, 'site')], {}, 'which has no index.html', dir);
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
    const fileId = uploadedId(await upload(server, ada.user.token, PDF, 'application/pdf', 'plan.pdf'));
    await ada.client.request('message.send', { roomId, clientMsgId: 'with-file', text: 'the plan', attachments: [fileId] });

    const copyDir = makeTempDir();
    // Named as a test server's database, so one can be started on the copy.
    const copy = join(copyDir, 'ichat.db');
    const run = await ichatServer(['backup', copy, '--database', server.databasePath], server.dir);
    expect(run).toMatchObject({
      code: 0,
      stdout: `Backed up the database to ${copy}\nBacked up 1 new attachment files to ${join(copyDir, 'attachments')}\n`,
    });
    expect(existsSync(`${copy}.partial`)).toBe(false);
    // Like the database, the copy holds every message and password hash: readable by its owner only.
    expect(statSync(copy).mode & 0o777).toBe(0o600);

    // The copy is a database a server starts on: same accounts, rooms and messages.
    const restored = await TestServer.start({}, copyDir);
    onTestFinished(() => restored.dispose());
    await sendText(ada.client, roomId, 'after the backup');
    expect(restored.db.messages(roomId).map((row) => row.text)).toEqual([message.text, 'the plan']);
    // The attachments came along, into the folder the restored server reads.
    const adaLogin = await restored.http('/api/v1/auth/login', { body: { email: ada.user.email, password: PASSWORD } });
    const token = isFields(adaLogin.body) && typeof adaLogin.body['token'] === 'string' ? adaLogin.body['token'] : '';
    const reader = await restored.signIn({ token });
    const [link] = (await reader.request('attachment.links', { ids: [fileId] })).links;
    const file = await fetchPath(restored, link?.url ?? '');
    expect(file.bytes.equals(PDF)).toBe(true);
    const login = await restored.http('/api/v1/auth/login', { body: { email: bob.email, password: PASSWORD } });
    expect(login.status).toBe(200);
  });
});

describe('ichat-server (serve)', () => {
  it('starts in development with a short SECRET_KEY, warning that production refuses it', async () => {
    const server = await ServerProcess.start({ testFlags: false, env: { SECRET_KEY: 'short' } });
    onTestFinished(() => server.dispose());
    expect((await http(server.url, '/healthz')).status).toBe(200);
    expect(server.stdout()).toContain('--secret / SECRET_KEY is 5 characters long; use at least 32');
  });

  it('creates the database, its -wal and -shm files readable by their owner only', async () => {
    const server = await ServerProcess.start({ testFlags: false });
    onTestFinished(() => server.dispose());
    expect((await http(server.url, '/healthz')).status).toBe(200);
    for (const file of [server.databasePath, `${server.databasePath}-wal`, `${server.databasePath}-shm`]) {
      expect({ file, mode: statSync(file).mode & 0o777 }).toEqual({ file, mode: 0o600 });
    }
  });

  it('serves until SIGTERM, then stops cleanly with exit code 0', async () => {
    const server = await ServerProcess.start({ testFlags: false });
    onTestFinished(() => server.dispose());
    expect((await http(server.url, '/healthz')).status).toBe(200);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.stderr()).toContain('SIGTERM: finishing pending messages and closing connections');
  });
});
