// Reads the docs' ```http blocks: a request (`POST /path`, headers, body) or a response (`HTTP/1.1 201`, headers,
// body), and pairs each response with the request just before it.

import { where, type FencedBlock } from '../fences.js';

export interface DocRequest {
  readonly method: string;
  readonly path: string;
  /** Header names lower-cased. */
  readonly headers: ReadonlyMap<string, string>;
  /** The body as written ('' for none). */
  readonly body: string;
}

export interface DocResponse {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/** A request, with the response the doc shows for it (none: any 2xx answer will do). */
export interface DocExchange {
  readonly request: DocRequest;
  readonly requestBlock: FencedBlock;
  readonly response: DocResponse | undefined;
  readonly responseBlock: FencedBlock | undefined;
}

const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD) (\/\S*)$/;
const STATUS_LINE = /^HTTP\/1\.1 (\d{3})\b/;
const HEADER_LINE = /^([A-Za-z][A-Za-z0-9-]*): ?(.*)$/;

function splitMessage(lines: readonly string[]): { headers: Map<string, string>; body: string } {
  const headers = new Map<string, string>();
  let index = 0;
  for (; index < lines.length; index += 1) {
    const header = HEADER_LINE.exec(lines[index] ?? '');
    if (header === null) break;
    headers.set((header[1] ?? '').toLowerCase(), header[2] ?? '');
  }
  return { headers, body: lines.slice(index).join('\n').trim() };
}

function parseBlock(block: FencedBlock): DocRequest | DocResponse {
  const [first = '', ...rest] = block.code.split('\n');
  const request = REQUEST_LINE.exec(first);
  if (request !== null) return { method: request[1] ?? 'GET', path: request[2] ?? '/', ...splitMessage(rest) };
  const status = STATUS_LINE.exec(first);
  if (status !== null) return { status: Number(status[1]), ...splitMessage(rest) };
  throw new Error(`${where(block)}: an http block starts with "METHOD /path" or "HTTP/1.1 <status>", not "${first}"`);
}

/** The exchanges of a doc's http blocks, in order. A response with no request right before it is an error. */
export function exchangesOf(blocks: readonly FencedBlock[]): DocExchange[] {
  const exchanges: DocExchange[] = [];
  let pending: { request: DocRequest; block: FencedBlock } | undefined;
  for (const block of blocks) {
    const message = parseBlock(block);
    if ('method' in message) {
      if (pending !== undefined) exchanges.push({ request: pending.request, requestBlock: pending.block, response: undefined, responseBlock: undefined });
      pending = { request: message, block };
      continue;
    }
    if (pending === undefined) {
      throw new Error(`${where(block)}: this response has no request before it; show the request (in an http block) first`);
    }
    exchanges.push({ request: pending.request, requestBlock: pending.block, response: message, responseBlock: block });
    pending = undefined;
  }
  if (pending !== undefined) exchanges.push({ request: pending.request, requestBlock: pending.block, response: undefined, responseBlock: undefined });
  return exchanges;
}
