// HTTP helpers over global fetch: JSON in, status, headers and an unchecked body out, plus the API's error shape.

import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { IChatError, isFields } from '@ichat/protocol';
import { within } from './wait.js';

export interface HttpResult {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export interface HttpOptions {
  method?: 'GET' | 'POST' | 'OPTIONS' | 'HEAD' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON; a string is sent as it is. */
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

/** Makes one request and reads the whole answer; JSON bodies are parsed, others left as text. */
export async function http(baseUrl: string, path: string, options: HttpOptions = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(new URL(path, baseUrl), {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  return { status: response.status, headers: response.headers, body: isJson && text !== '' ? JSON.parse(text) : undefined, text };
}

/** The `{"error": …}` body of a refused request, rebuilt as an {@link IChatError}; fails if the shape is wrong. */
export function apiError(result: HttpResult): IChatError {
  const error = isFields(result.body) ? result.body['error'] : undefined;
  if (!isFields(error) || typeof error['code'] !== 'string' || typeof error['message'] !== 'string') {
    throw new Error(`Expected an {"error":{code,message}} body, got ${result.status} ${result.text}`);
  }
  return IChatError.fromWire(error);
}

/**
 * A GET with the path sent exactly as written (fetch would resolve "..", which hides traversal attempts). Resolves
 * with the status code and the raw response text.
 */
export function rawGet(port: number, path: string): Promise<{ status: number; text: string }> {
  return rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
}

/** Sends `request` byte for byte (it should ask for `Connection: close`) and resolves with the status and raw answer. */
export function rawRequest(port: number, request: string): Promise<{ status: number; text: string }> {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.write(request);
  const done = new Promise<{ status: number; text: string }>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
  return within(done, request.split('\r\n', 1)[0] ?? request).finally(() => socket.destroy());
}

/** A response as it crossed the wire: bytes not decoded (fetch would undo Content-Encoding), headers lower-case. */
export interface WireResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Makes one GET or HEAD request with `headers` and resolves with the undecoded answer. */
export function wireRequest(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method: 'GET' | 'HEAD' = 'GET',
): Promise<WireResult> {
  const done = new Promise<WireResult>((resolve, reject) => {
    const sent = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end();
  });
  return within(done, `${method} ${path}`);
}
