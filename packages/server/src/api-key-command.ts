// `ichat-server api-key create|list|revoke`: the keys the host site's backend calls the server API with.

import { IChatError } from '@ichat/protocol';
import { checkApiKeyName, createApiKey } from './auth/api-keys.js';
import type { ApiKeyRecord, ApiKeyStore } from './store/contract/store.js';

const USAGE = 'Usage: ichat-server api-key create <name> | list | revoke <name>';

/** Runs work against the database's key store (the CLI opens and closes the database around it). */
export type WithApiKeys = <T>(work: (keys: ApiKeyStore) => Promise<T>) => Promise<T>;

function when(at: number | null): string {
  return at === null ? 'never' : new Date(at).toISOString();
}

function listing(keys: readonly ApiKeyRecord[]): string {
  if (keys.length === 0) return 'No API keys.\n';
  const rows = keys.map((key) => [key.name, when(key.createdAt), when(key.lastUsedAt)]);
  const header = ['NAME', 'CREATED', 'LAST USED'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

/**
 * Creates, lists or revokes API keys and writes the outcome to `write`. A new key is printed once, on its own line
 * first so that a script can read it; only its hash is stored.
 *
 * @throws {IChatError} `bad_request` for a wrong usage, `validation_failed` for a bad or taken name, `not_found` when
 * revoking an unknown name.
 */
export async function apiKeyCommand(withKeys: WithApiKeys, args: readonly string[], write: (text: string) => void): Promise<void> {
  const [action, name, ...extra] = args;
  if (extra.length > 0) throw new IChatError('bad_request', USAGE);
  if (action === 'create' && name !== undefined) {
    const { key } = await withKeys((keys) => createApiKey(keys, name, Date.now()));
    write(`${key}\nCreated the API key "${name}". This is the only time it is shown: store it in your backend's secrets now.\n`);
  } else if (action === 'list' && name === undefined) {
    write(listing(await withKeys((keys) => keys.list())));
  } else if (action === 'revoke' && name !== undefined) {
    const revoked = await withKeys((keys) => keys.revoke(checkApiKeyName(name)));
    if (!revoked) throw new IChatError('not_found', `No API key named "${name}"`);
    write(`Revoked the API key "${name}": requests with it are refused from now on.\n`);
  } else {
    throw new IChatError('bad_request', USAGE);
  }
}
