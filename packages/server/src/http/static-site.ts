// The static folder read into memory once at start: every servable file, its brotli and gzip copies, and their ETags.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

/** A content coding the server can send; the compressed ones come from files the widget build writes. */
export type ContentCoding = 'br' | 'gzip' | 'identity';

/** The file extension of each compressed copy, beside the file it was made from (`widget.js.br`). */
const CODINGS: ReadonlyArray<{ coding: ContentCoding; suffix: string; decode: (body: Buffer) => Buffer }> = [
  { coding: 'br', suffix: '.br', decode: (body) => brotliDecompressSync(body) },
  { coding: 'gzip', suffix: '.gz', decode: (body) => gunzipSync(body) },
];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** One coding of a file, ready to send. */
export interface Representation {
  readonly coding: ContentCoding;
  readonly body: Buffer;
  /** A strong validator: a hash of exactly these bytes, so each coding of a file has its own. */
  readonly etag: string;
}

/** A servable file. */
export interface StaticFile {
  readonly type: string;
  readonly identity: Representation;
  /** The compressed codings the build wrote for this file (none for images, fonts and tiny files). */
  readonly compressed: ReadonlyMap<ContentCoding, Representation>;
  /** The text of an HTML page, which its Content-Security-Policy is computed from; undefined for other files. */
  readonly html: string | undefined;
}

function representation(coding: ContentCoding, body: Buffer): Representation {
  return { coding, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` };
}

/** The compressed copy of `identity` at `path`, if it exists, is smaller, and decodes to exactly `identity`. */
function readCopy(path: string, identity: Buffer, decode: (body: Buffer) => Buffer): Buffer | undefined {
  try {
    const body = readFileSync(path);
    return body.length < identity.length && decode(body).equals(identity) ? body : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads one file and the compressed copies beside it. A copy is checked against the file once, here: one left over
 * from an older build, or a page edited by hand after the build, would otherwise serve stale content to every
 * browser that accepts its coding.
 */
function loadFile(path: string, type: string): StaticFile {
  const identity = readFileSync(path);
  const compressed = new Map<ContentCoding, Representation>();
  for (const { coding, suffix, decode } of CODINGS) {
    const body = readCopy(path + suffix, identity, decode);
    if (body !== undefined) compressed.set(coding, representation(coding, body));
  }
  return { type, identity: representation('identity', identity), compressed, html: extname(path) === '.html' ? identity.toString('utf8') : undefined };
}

/** Adds the files under `folder` to `site`, keyed by URL path below `prefix`. Dotfiles and dot-folders are skipped. */
function loadFolder(folder: string, prefix: string, site: Map<string, StaticFile>): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    const urlPath = `${prefix}/${entry.name}`;
    // Symbolic links to files are followed; to folders they are not, so a link cannot make the walk loop.
    if (entry.isDirectory()) {
      loadFolder(path, urlPath, site);
      continue;
    }
    const type = CONTENT_TYPES[extname(entry.name)];
    if (type === undefined) continue;
    if (entry.isFile() || (entry.isSymbolicLink() && statSync(path, { throwIfNoEntry: false })?.isFile() === true)) {
      site.set(urlPath, loadFile(path, type));
    }
  }
}

/**
 * Reads every servable file under `root` into memory, keyed by URL path (`/widget.js`, `/assets/chart-1a2b.js`), so
 * no request touches the disk. Only files whose extension has a known content type are kept. An empty `root`, or
 * one that does not exist (a headless deployment without the widget), gives an empty site.
 *
 * The folder is read once: it is the widget build's output, replaced as a whole on each deploy, and a deploy restarts
 * the server. Watching it instead could serve a half-copied bundle, or a new file next to an old compressed copy.
 */
export function loadStaticSite(root: string): ReadonlyMap<string, StaticFile> {
  const site = new Map<string, StaticFile>();
  if (root !== '' && statSync(root, { throwIfNoEntry: false })?.isDirectory() === true) loadFolder(root, '', site);
  return site;
}
