// `ichat-server webhook add|list|remove`, run as operators run it: the built command in a child process.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { requireServerBuild, runServerCommand, type CommandResult } from '@ichat/test-kit';
import { beforeAll, expect, it, onTestFinished } from 'vitest';
import { makeTempDir } from '../support/test-server.js';

beforeAll(requireServerBuild);

/** Each test runs the command up to a dozen times, each a Node start and a database open: seconds on a busy machine. */
const COMMANDS_TIMEOUT_MS = 90_000;

/** A fresh data folder, removed after the test, and the command run against its database. */
function folder(): (args: string[]) => Promise<CommandResult> {
  const dir = makeTempDir();
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return (args) => runServerCommand([...args, '--database', join(dir, 'ichat.db')], { cwd: dir, timeoutMs: 15_000 });
}

it('adds an endpoint and prints its secret once, lists it with its events, and removes it by URL or id', async () => {
  const run = folder();
  const added = await run(['webhook', 'add', 'https://shop.example/hooks/ichat', '--events', 'member.added, message.created']);
  expect(added.code, added.stderr).toBe(0);
  expect(added.stdout).toMatch(/^Added webhook 1 for https:\/\/shop\.example\/hooks\/ichat \(message\.created, member\.added\)\n/);
  expect(added.stdout).toMatch(/Signing secret \(shown this once; store it with your receiver\): whsec_[\w-]{43}\n$/);
  const all = await run(['webhook', 'add', 'http://127.0.0.1:9000/hook']);
  expect(all.stdout).toContain('(message.created, message.updated, message.deleted, room.created, member.added, member.removed, user.created)');

  const listed = await run(['webhook', 'list']);
  expect(listed.code).toBe(0);
  const lines = listed.stdout.trim().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^1\thttps:\/\/shop\.example\/hooks\/ichat\tmessage\.created,member\.added\tadded \d{4}-\d\d-\d\dT.*\tpending 0, delivered 0, failed 0$/);
  // The secret is shown by `add` only.
  expect(listed.stdout).not.toContain('whsec_');

  expect((await run(['webhook', 'remove', 'https://shop.example/hooks/ichat'])).stdout).toContain('Removed webhook');
  expect((await run(['webhook', 'remove', '2'])).code).toBe(0);
  expect((await run(['webhook', 'list'])).stdout).toBe('No webhooks.\n');
}, COMMANDS_TIMEOUT_MS);

it('refuses what is not an http(s) URL, unknown events, a second endpoint for one URL and unknown endpoints, in one line', async () => {
  const run = folder();
  const refusals: [string[], string][] = [
    [['webhook', 'add', 'ftp://files.example/in'], 'Webhook URLs must be http:// or https://, not ftp:'],
    [['webhook', 'add', 'javascript:alert(1)'], 'Webhook URLs must be http:// or https://, not javascript:'],
    [['webhook', 'add', 'not a url'], '"not a url" is not a URL'],
    [['webhook', 'add', 'https://a.example/', '--events', 'message.sent'], '--events has unknown types (message.sent)'],
    [['webhook', 'remove', 'https://nowhere.example/'], 'No webhook https://nowhere.example/'],
    [['webhook', 'frobnicate'], 'Usage: ichat-server webhook add <url>'],
    [['webhook', 'list', '--events', 'user.created'], '--events is for webhook add'],
    [['backup', 'x.db', '--events', 'user.created'], '--events is for webhook add'],
  ];
  for (const [args, message] of refusals) {
    const refused = await run(args);
    expect(refused.code, args.join(' ')).toBe(2);
    expect(refused.stderr).toMatch(/^ichat-server: [^\n]+\n$/);
    expect(refused.stderr).toContain(message);
  }
  expect((await run(['webhook', 'add', 'https://a.example/'])).code).toBe(0);
  const twice = await run(['webhook', 'add', 'https://a.example/']);
  expect(twice.code).toBe(2);
  expect(twice.stderr).toContain('A webhook for https://a.example/ exists already');
}, COMMANDS_TIMEOUT_MS);
