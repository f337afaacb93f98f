// Files for the attachment tests, made by sharp or written out, and the upload and download calls over real HTTP.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isFields } from '@ichat/protocol';
import sharp from 'sharp';
import type { TestServer } from '../support/test-server.js';

/** A JPEG with an author and a GPS position in its EXIF, as a phone photo carries them. */
export function photoWithLocation(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExif({
      IFD0: { Artist: 'SECRET-ARTIST' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .toBuffer();
}

export function png(width = 32, height = 16): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: '#f00' } }).png().toBuffer();
}

export const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
export const HTML = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  bytes: Buffer;
}

/** POSTs `bytes` as an upload. */
export async function upload(server: TestServer, token: string, bytes: Buffer, type: string, name = 'file'): Promise<Answer> {
  const response = await fetch(new URL(`/api/v1/attachments?name=${encodeURIComponent(name)}`, server.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: bytes,
    signal: AbortSignal.timeout(20_000),
  });
  return read(response);
}

/** GETs a path of the server (a signed link) with no token. */
export async function fetchPath(server: TestServer, path: string): Promise<Answer> {
  return read(await fetch(new URL(path, server.url), { signal: AbortSignal.timeout(10_000) }));
}

async function read(response: Response): Promise<Answer> {
  const bytes = Buffer.from(await response.arrayBuffer());
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  return { status: response.status, headers: response.headers, body: isJson ? JSON.parse(bytes.toString('utf8')) : undefined, bytes };
}

/** The `error.code` of a JSON error answer. */
export function errorCode(answer: Answer): unknown {
  return isFields(answer.body) && isFields(answer.body['error']) ? answer.body['error']['code'] : undefined;
}

/** The id of the uploaded attachment in an upload's answer. */
export function uploadedId(answer: Answer): number {
  const attachment = isFields(answer.body) ? answer.body['attachment'] : undefined;
  const id = isFields(attachment) ? attachment['id'] : undefined;
  if (typeof id !== 'number') throw new Error(`Not an upload answer: ${answer.status} ${answer.bytes.toString('utf8')}`);
  return id;
}

/** Every file under the attachments folder, temporary ones included. */
export function storedFiles(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'attachments'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}
