#!/usr/bin/env node
// The ichat-server command: start the server, manage administrators and API keys, back up the database, or copy it
// into PostgreSQL.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { IChatError, normaliseEmail } from '@ichat/protocol';
import { apiKeyCommand } from './api-key-command.js';
import { attachmentsDirOf } from './attachments/attachments-dir.js';
import { FolderStorage } from './attachments/folder-storage.js';
import { checkInstallation } from './check-command.js';
import { migrateCommand } from './migrate-command.js';
import { helpText, loadConfig, OPTIONS, type Config } from './config.js';
import { checkDatabaseLocation, openStore } from './preflight.js';
import { startServer } from './server.js';
import type { Store } from './store/contract/store.js';
import { SERVER_VERSION } from './version.js';
import { runWebhookCommand } from './webhooks/webhook-command.js';

function parseCommandLine(argv: string[]): { flags: Record<string, string | boolean | undefined>; positionals: string[] } {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  options['version'] = { type: 'boolean', short: 'v' };
  options['check'] = { type: 'boolean' };
  for (const spec of Object.values(OPTIONS)) options[spec.flag] = { type: spec.kind === 'bool' ? 'boolean' : 'string' };
  // `webhook add`'s and `migrate`'s own flags, not server options.
  options['events'] = { type: 'string' };
  options['to'] = { type: 'string' };
  options['verify'] = { type: 'boolean' };
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const flags: Record<string, string | boolean | undefined> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' || typeof value === 'boolean') flags[name] = value;
  }
  return { flags, positionals };
}

async function withStore<T>(config: Config, work: (store: Store) => Promise<T>): Promise<T> {
  checkDatabaseLocation(config.database);
  const store = await openStore(config.database);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function admin(config: Config, action: string | undefined, email: string | undefined): Promise<void> {
  if ((action !== 'grant' && action !== 'revoke') || email === undefined) {
    throw new IChatError('bad_request', 'Usage: ichat-server admin grant|revoke <email>');
  }
  const address = normaliseEmail(email);
  const found = await withStore(config, (store) => store.users.setAdmin(address, action === 'grant'));
  if (!found) throw new IChatError('not_found', `No user with e-mail ${address}`);
  process.stdout.write(`${address} is ${action === 'grant' ? 'now' : 'no longer'} an administrator\n`);
}

async function backup(config: Config, file: string | undefined): Promise<void> {
  if (file === undefined) throw new IChatError('bad_request', 'Usage: ichat-server backup <file>');
  await withStore(config, (store) => store.backup(file));
  process.stdout.write(`Backed up the database to ${file}\n`);
  // The files after the database: every file a message in the copy names was written before its row, so it is there
  // to copy. Into `attachments/` beside the copy, where a server started on it looks; files are named by their
  // content, so backups in one folder share them and each copies only what is new.
  const folder = join(dirname(file), 'attachments');
  const copied = await new FolderStorage(attachmentsDirOf(config)).copyTo(folder);
  process.stdout.write(`Backed up ${copied} new attachment files to ${folder}\n`);
}

async function webhook(config: Config, rest: string[], events: string | boolean | undefined): Promise<void> {
  const [action, target, ...extra] = rest;
  if (extra.length > 0) throw new IChatError('bad_request', `Unexpected "${extra.join(' ')}". See ichat-server --help`);
  const command = { action, target, events: typeof events === 'string' ? events : undefined };
  await withStore(config, (store) => runWebhookCommand(store.webhooks, command, (line) => process.stdout.write(`${line}\n`)));
}

/** `migrate`: exit code 1 when the copy differs from its source, after the difference on stderr. */
async function migrate(config: Config, flags: Record<string, string | boolean | undefined>, rest: string[]): Promise<void> {
  if (rest.length > 0) throw new IChatError('bad_request', `Unexpected "${rest.join(' ')}". See ichat-server --help`);
  const to = typeof flags['to'] === 'string' ? flags['to'] : undefined;
  const verifyOnly = flags['verify'] === true;
  const matches = await migrateCommand(config.database, { to, verifyOnly }, process.stdout, (line) => process.stderr.write(`ichat-server: ${line}\n`));
  if (!matches) {
    process.exitCode = 1;
    return;
  }
  if (verifyOnly) return;
  // What the database does not hold: the files, and (without SECRET_KEY) the key its tokens were hashed with.
  process.stdout.write(`Attachment files stay in ${attachmentsDirOf(config)}: give the PostgreSQL server(s) that folder (--attachments-dir)\n`);
  if (config.secret === '') {
    process.stdout.write(`Start the PostgreSQL server(s) with SECRET_KEY set to the contents of secret.key beside ${config.database}, or everyone signs in again\n`);
  }
}

/** `--check`: every line of what passed on stdout; the first refusal on stderr and exit code 1. Never exits 2. */
function check(flags: Record<string, string | boolean | undefined>): void {
  try {
    checkInstallation(loadConfig(flags, process.env), (line) => process.stdout.write(`${line}\n`));
    process.stdout.write('ichat-server --check: ready to start\n');
  } catch (error) {
    process.stderr.write(`ichat-server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

async function serve(config: Config): Promise<void> {
  const server = await startServer(config);
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: finishing pending messages and closing connections…\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main(argv: string[]): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { flags, positionals } = parseCommandLine(argv);
  if (flags['help'] === true) {
    process.stdout.write(`${helpText()}\n`);
    return;
  }
  if (flags['version'] === true) {
    process.stdout.write(`${SERVER_VERSION}\n`);
    return;
  }
  if (flags['check'] === true) {
    if (positionals.length > 0) throw new IChatError('bad_request', '--check takes no command: ichat-server --check [options]');
    return check(flags);
  }
  const config = loadConfig(flags, process.env);
  const [command, ...rest] = positionals;
  if (flags['events'] !== undefined && command !== 'webhook') throw new IChatError('bad_request', '--events is for webhook add');
  if ((flags['to'] !== undefined || flags['verify'] !== undefined) && command !== 'migrate') {
    throw new IChatError('bad_request', '--to and --verify are for migrate');
  }
  switch (command) {
    case undefined:
    case 'serve':
      return serve(config);
    case 'admin':
      return admin(config, rest[0], rest[1]);
    case 'backup':
      return backup(config, rest[0]);
    case 'api-key':
      return apiKeyCommand((work) => withStore(config, (store) => work(store.apiKeys)), rest, (text) => process.stdout.write(text));
    case 'webhook':
      return webhook(config, rest, flags['events']);
    case 'migrate':
      return migrate(config, flags, rest);
    default:
      throw new IChatError('bad_request', `Unknown command "${command}". See ichat-server --help`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ichat-server: ${message}\n`);
  process.exit(error instanceof IChatError && error.code !== 'internal' ? 2 : 1);
});
