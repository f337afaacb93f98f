// `ichat-server webhook add|list|remove`: endpoints managed from the command line, beside a running server.

import { IChatError, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@ichat/protocol';
import type { WebhookStore } from '../store/contract/webhook-store.js';
import { newWebhookSecret } from './signature.js';

const USAGE = 'Usage: ichat-server webhook add <url> [--events type,type…] | webhook list | webhook remove <url|id>';

/** The endpoint URL as given, if it is an absolute http: or https: URL. */
function checkedUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new IChatError('validation_failed', `"${text}" is not a URL; give an absolute http:// or https:// URL`, { field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new IChatError('validation_failed', `Webhook URLs must be http:// or https://, not ${url.protocol}`, { field: 'url' });
  }
  return url.href;
}

/** The event types of `--events`, or all of them when it is not given. */
function checkedEvents(list: string | undefined): WebhookEventType[] {
  if (list === undefined) return [...WEBHOOK_EVENT_TYPES];
  const named = list.split(',').map((item) => item.trim()).filter((item) => item !== '');
  const unknown = named.filter((item) => !WEBHOOK_EVENT_TYPES.some((type) => type === item));
  if (named.length === 0 || unknown.length > 0) {
    throw new IChatError(
      'validation_failed',
      `--events ${unknown.length > 0 ? `has unknown types (${unknown.join(', ')})` : 'is empty'}; choose from ${WEBHOOK_EVENT_TYPES.join(', ')}`,
      { field: 'events' },
    );
  }
  return WEBHOOK_EVENT_TYPES.filter((type) => named.includes(type));
}

/** The command's arguments after `webhook`. */
export interface WebhookCommand {
  action: string | undefined;
  target: string | undefined;
  /** `--events`, for `add`. */
  events: string | undefined;
}

/**
 * Runs `webhook add|list|remove` against the store and writes its answer with `print`, one line at a time. A running
 * server sees the change within a few seconds (it reads the endpoints again periodically).
 *
 * @throws {IChatError} `bad_request` with the usage for a missing or unknown action; `validation_failed` for a URL that
 * is not http(s), unknown event types or a URL that has an endpoint already; `not_found` when removing an unknown one.
 * @example
 * ```ts
 * await runWebhookCommand(store, { action: 'list', target: undefined, events: undefined }, console.log);
 * ```
 */
export async function runWebhookCommand(store: WebhookStore, command: WebhookCommand, print: (line: string) => void): Promise<void> {
  const { action, target, events } = command;
  if (events !== undefined && action !== 'add') throw new IChatError('bad_request', `--events is for webhook add. ${USAGE}`);
  if (action === 'add' && target !== undefined) {
    const endpoint = await store.addEndpoint({
      url: checkedUrl(target),
      secret: newWebhookSecret(),
      events: checkedEvents(events),
      createdAt: Date.now(),
    });
    print(`Added webhook ${endpoint.id} for ${endpoint.url} (${endpoint.events.join(', ')})`);
    print(`Signing secret (shown this once; store it with your receiver): ${endpoint.secret}`);
    return;
  }
  if (action === 'list' && target === undefined) {
    const { endpoints } = await store.overview(0);
    if (endpoints.length === 0) print('No webhooks.');
    for (const endpoint of endpoints) {
      print(
        `${endpoint.id}\t${endpoint.url}\t${endpoint.events.join(',')}\tadded ${new Date(endpoint.createdAt).toISOString()}\t` +
          `pending ${endpoint.pending}, delivered ${endpoint.delivered}, failed ${endpoint.failed}`,
      );
    }
    return;
  }
  if (action === 'remove' && target !== undefined) {
    const key = /^\d+$/.test(target) ? Number(target) : target;
    // A URL is matched as `add` stored it (normalised), so either spelling of it finds the endpoint.
    const removed = await store.removeEndpoint(typeof key === 'number' ? key : normalisedOrSame(key));
    if (!removed) throw new IChatError('not_found', `No webhook ${target}`);
    print(`Removed webhook ${target}; its pending deliveries are dropped`);
    return;
  }
  throw new IChatError('bad_request', USAGE);
}

function normalisedOrSame(text: string): string {
  try {
    return new URL(text).href;
  } catch {
    return text;
  }
}
