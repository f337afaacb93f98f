// Replays the docs' HTTP exchanges against a running server and compares what comes back with what the doc shows:
// the same status, the headers shown, and a body of the same shape (ids, tokens and times naturally differ).

import { request as httpRequest } from 'node:http';
import { where } from '../fences.js';
import type { DocExchange, DocRequest } from './exchanges.js';

/** A live answer. */
interface LiveResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** Strings whose values are not the same from one run to the next. */
const VOLATILE_STRINGS = new Set(['token']);

/** A `<placeholder>` token in the docs: the replay uses a live credential for it. */
const PLACEHOLDER = /^<[^>]+>$/;

/** The placeholder that stands for a server API key; any other stands for an administrator's token. */
const API_KEY_PLACEHOLDER = '<api-key>';

/** The live credentials the docs' placeholders stand for. */
export interface ReplayCredentials {
  /** An administrator's session token. */
  readonly adminToken: string;
  /** A server API key (`ichat-server api-key create`). */
  readonly apiKey: string;
}

function send(baseUrl: string, request: DocRequest, headers: Record<string, string>): Promise<LiveResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(new URL(request.path, baseUrl), { method: request.method, headers, agent: false }, (incoming) => {
      let body = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => (body += chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end(request.body === '' ? undefined : request.body);
  });
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Differences between the doc's body and the live one: keys and kinds everywhere, and outside arrays the values that
 * are stable (strings other than tokens, booleans, nulls). Array items all take the shape of the doc's first one.
 */
export function shapeDifferences(doc: unknown, live: unknown, path = '$', exact = true): string[] {
  if (kindOf(doc) !== kindOf(live)) return [`${path}: the doc shows ${kindOf(doc)}, the server answers ${JSON.stringify(live)}`];
  if (Array.isArray(doc) && Array.isArray(live)) {
    const items = [...Array.from<unknown>(doc), ...Array.from<unknown>(live)];
    if (doc.length === 0) return [];
    if (live.length === 0) return [`${path}: the doc shows items, the server answers none`];
    return items.flatMap((item, index) => shapeDifferences(items[0], item, `${path}[${index}]`, false));
  }
  if (typeof doc === 'object' && doc !== null && typeof live === 'object' && live !== null) {
    const docKeys = Object.keys(doc).sort();
    const liveKeys = Object.keys(live).sort();
    if (docKeys.join() !== liveKeys.join()) return [`${path}: the doc shows the fields ${docKeys.join(', ')}, the server answers ${liveKeys.join(', ')}`];
    return docKeys.flatMap((key) => {
      const docValue: unknown = Reflect.get(doc, key);
      const liveValue: unknown = Reflect.get(live, key);
      if (typeof docValue === 'string' && VOLATILE_STRINGS.has(key)) return [];
      return shapeDifferences(docValue, liveValue, `${path}.${key}`, exact);
    });
  }
  if (typeof doc === 'number' || !exact) return [];
  return doc === live ? [] : [`${path}: the doc shows ${JSON.stringify(doc)}, the server answers ${JSON.stringify(live)}`];
}

function parseBody(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} is not JSON: ${text.slice(0, 200)}`);
  }
}

/**
 * Replays a doc's exchanges in order against `baseUrl`. Tokens that earlier documented answers returned are swapped
 * for the live ones; `<api-key>` becomes the API key, and any other `<placeholder>` token the administrator's token.
 * Returns every difference found.
 */
export async function replayExchanges(baseUrl: string, exchanges: readonly DocExchange[], credentials: ReplayCredentials): Promise<string[]> {
  const tokens = new Map<string, string>();
  const problems: string[] = [];
  for (const exchange of exchanges) {
    const at = where(exchange.requestBlock);
    const headers: Record<string, string> = {};
    for (const [name, value] of exchange.request.headers) {
      const bearer = /^Bearer (.+)$/.exec(value)?.[1];
      if (name !== 'authorization' || bearer === undefined) {
        headers[name] = value;
        continue;
      }
      const placeholder = PLACEHOLDER.test(bearer) ? (bearer === API_KEY_PLACEHOLDER ? credentials.apiKey : credentials.adminToken) : undefined;
      const live = placeholder ?? tokens.get(bearer);
      if (live === undefined) problems.push(`${at}: the token ${bearer} was not returned by an earlier example on this page`);
      headers[name] = `Bearer ${live ?? bearer}`;
    }
    if (exchange.request.body !== '') headers['content-type'] ??= 'application/json';
    const live = await send(baseUrl, exchange.request, headers);
    const shown = exchange.response;
    if (shown === undefined) {
      if (live.status < 200 || live.status > 299) problems.push(`${at}: the server answers ${live.status}: ${live.body.slice(0, 200)}`);
      continue;
    }
    const answerAt = exchange.responseBlock === undefined ? at : where(exchange.responseBlock);
    if (live.status !== shown.status) {
      problems.push(`${answerAt}: the doc shows ${shown.status}, the server answers ${live.status}: ${live.body.slice(0, 200)}`);
      continue;
    }
    for (const [name, value] of shown.headers) {
      const liveValue = live.headers[name];
      const text = Array.isArray(liveValue) ? liveValue.join(', ') : liveValue;
      if (text === undefined) problems.push(`${answerAt}: the server sends no ${name} header`);
      else if (/^\d+$/.test(value) ? !/^\d+$/.test(text) : text !== value) problems.push(`${answerAt}: ${name} is "${text}", not "${value}"`);
    }
    if (shown.body === '') {
      if (live.body !== '') problems.push(`${answerAt}: the doc shows no body, the server answers ${live.body.slice(0, 200)}`);
      continue;
    }
    const docBody = parseBody(shown.body, `${answerAt}: the documented body`);
    const liveBody = parseBody(live.body, `${answerAt}: the server's body`);
    problems.push(...shapeDifferences(docBody, liveBody).map((difference) => `${answerAt}: ${difference}`));
    const docToken: unknown = typeof docBody === 'object' && docBody !== null ? Reflect.get(docBody, 'token') : undefined;
    const liveToken: unknown = typeof liveBody === 'object' && liveBody !== null ? Reflect.get(liveBody, 'token') : undefined;
    if (typeof docToken === 'string' && typeof liveToken === 'string') tokens.set(docToken, liveToken);
  }
  return problems;
}
