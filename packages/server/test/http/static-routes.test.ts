// Static files: the demo page at /, the admin page at /admin, the widget bundle, and nothing outside the folder; each
// in the coding the client accepts, with ETags and caching headers a CDN can follow.

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError, rawGet, rawRequest, wireRequest, type WireResult } from '../support/http.js';
import { makeTempDir, TestServer } from '../support/test-server.js';

/** The demo page's inline style, which its CSP must allow by hash. */
const DEMO_STYLE = 'body { margin: 0; }';

/** A widget bundle big enough for compression to pay, with brotli and gzip copies beside it as the build writes them. */
const WIDGET = Buffer.from(`export const widget = 1;\n${'console.log("hello from the widget");\n'.repeat(200)}`);

const ADMIN_PAGE = `<!doctype html><title>admin</title>${'<p>admin</p>'.repeat(50)}`;

/** The body of `result` with its Content-Encoding undone. */
function decoded(result: WireResult): Buffer {
  const coding = result.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(result.body);
  if (coding === 'gzip') return gunzipSync(result.body);
  return result.body;
}

/** A static folder inside the server's temp dir, beside a file that must never be served. */
function writeSite(dir: string): string {
  const site = join(dir, 'site');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), `<!doctype html><title>demo</title><style>${DEMO_STYLE}</style>`);
  writeFileSync(join(site, 'admin.html'), ADMIN_PAGE);
  // Left over from an older build: it no longer matches the page, so it must never be sent.
  writeFileSync(join(site, 'admin.html.br'), brotliCompressSync(`${ADMIN_PAGE}<p>stale</p>`));
  writeFileSync(join(site, 'widget.js'), WIDGET);
  writeFileSync(join(site, 'widget.js.br'), brotliCompressSync(WIDGET));
  writeFileSync(join(site, 'widget.js.gz'), gzipSync(WIDGET));
  writeFileSync(join(site, 'assets', 'chart-1a2b.js'), 'export const chart = 1;');
  writeFileSync(join(site, '.env'), 'SECRET_KEY=do-not-serve');
  writeFileSync(join(dir, 'outside.html'), '<p>outside the static folder</p>');
  return site;
}

let server: TestServer;
beforeAll(async () => {
  const dir = makeTempDir();
  server = await TestServer.start({ 'static-dir': writeSite(dir) }, dir);
});
afterAll(() => server.dispose());

describe('static files', () => {
  it.each([
    ['/', 'text/html', 'demo'],
    ['/admin', 'text/html', 'admin'],
    ['/admin/', 'text/html', 'admin'],
    ['/widget.js', 'text/javascript', 'widget'],
  ])('serves %s', async (path, type, marker) => {
    const result = await server.http(path);
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toContain(type);
    expect(result.headers.get('cache-control')).toBe('no-cache');
    expect(result.headers.get('x-content-type-options')).toBe('nosniff');
    expect(result.text).toContain(marker);
  });

  it('lets hashed assets be cached for good', async () => {
    const result = await server.http('/assets/chart-1a2b.js');
    expect(result.status).toBe(200);
    expect(result.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it.each([
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['identity', undefined],
    ['', undefined],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=0.9, br;q=0.5', 'gzip'],
    ['gzip, br', 'br'],
    ['*', 'br'],
    ['*;q=0', undefined],
    ['br;q=0, gzip;q=0', undefined],
  ])('answers Accept-Encoding "%s" with Content-Encoding %s, decoding to the same bytes', async (accept, coding) => {
    const result = await wireRequest(server.running.port, '/widget.js', { 'accept-encoding': accept });
    expect(result.status).toBe(200);
    expect(result.headers['content-encoding']).toBe(coding);
    expect(result.headers['vary']).toBe('Accept-Encoding');
    expect(result.headers['content-length']).toBe(String(result.body.length));
    expect(decoded(result).equals(WIDGET)).toBe(true);
    if (coding !== undefined) expect(result.body.length).toBeLessThan(WIDGET.length / 4);
  });

  it('gives each coding its own strong ETag, and answers a matching If-None-Match with 304 and no body', async () => {
    const port = server.running.port;
    const etags = new Set<string>();
    for (const coding of ['br', 'gzip', 'identity']) {
      const first = await wireRequest(port, '/widget.js', { 'accept-encoding': coding });
      const etag = first.headers['etag'] ?? '';
      expect(etag).toMatch(/^"[\w-]+"$/);
      etags.add(etag);
      for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const again = await wireRequest(port, '/widget.js', { 'accept-encoding': coding, 'if-none-match': ifNoneMatch });
        expect(again.status).toBe(304);
        expect(again.body.length).toBe(0);
        expect(again.headers['etag']).toBe(etag);
        expect(again.headers['cache-control']).toBe('no-cache');
        expect(again.headers['vary']).toBe('Accept-Encoding');
        // Only the full body's length could be sent, and a 304 has none.
        expect(again.headers['content-length']).toBeUndefined();
      }
    }
    expect(etags.size).toBe(3);
  });

  it("sends the whole file again when If-None-Match names another coding's or an older ETag", async () => {
    const port = server.running.port;
    const gzip = await wireRequest(port, '/widget.js', { 'accept-encoding': 'gzip' });
    const brotli = await wireRequest(port, '/widget.js', { 'accept-encoding': 'br', 'if-none-match': gzip.headers['etag'] ?? '' });
    expect(brotli.status).toBe(200);
    expect(decoded(brotli).equals(WIDGET)).toBe(true);
    const stale = await wireRequest(port, '/widget.js', { 'if-none-match': '"an-older-build"' });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(WIDGET)).toBe(true);
  });

  it.each(['br', 'gzip', 'identity'])('answers HEAD (%s) with the headers of GET, its real Content-Length, and no body', async (coding) => {
    const port = server.running.port;
    const get = await wireRequest(port, '/widget.js', { 'accept-encoding': coding });
    const head = await wireRequest(port, '/widget.js', { 'accept-encoding': coding }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(get.body.length));
    for (const name of ['content-type', 'content-encoding', 'etag', 'cache-control', 'vary']) {
      expect(head.headers[name]).toBe(get.headers[name]);
    }
  });

  it('keeps the connection usable after HEAD and 304 answers', async () => {
    const port = server.running.port;
    const etag = (await wireRequest(port, '/widget.js', { 'accept-encoding': 'br' })).headers['etag'] ?? '';
    const keep = 'Host: localhost\r\nAccept-Encoding: br\r\n';
    const result = await rawRequest(
      port,
      `HEAD /widget.js HTTP/1.1\r\n${keep}\r\n` +
        `GET /widget.js HTTP/1.1\r\n${keep}If-None-Match: ${etag}\r\n\r\n` +
        'GET /assets/chart-1a2b.js HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );
    expect(result.text.match(/^HTTP\/1\.1 \d{3}/gm)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 304', 'HTTP/1.1 200']);
    expect(result.text.endsWith('export const chart = 1;')).toBe(true);
  });

  it('sends a file the build wrote no compressed copy of as it is', async () => {
    const result = await wireRequest(server.running.port, '/assets/chart-1a2b.js', { 'accept-encoding': 'br, gzip' });
    expect(result.status).toBe(200);
    expect(result.headers['content-encoding']).toBeUndefined();
    expect(result.body.toString()).toBe('export const chart = 1;');
  });

  it('never sends a compressed copy that does not match its file', async () => {
    const result = await wireRequest(server.running.port, '/admin', { 'accept-encoding': 'br' });
    expect(result.status).toBe(200);
    expect(result.headers['content-encoding']).toBeUndefined();
    expect(result.body.toString()).toBe(ADMIN_PAGE);
  });

  it('varies by Origin too when it answers a cross-origin request', async () => {
    const result = await wireRequest(server.running.port, '/widget.js', { origin: 'https://host.example', 'accept-encoding': 'br' });
    expect(result.headers['access-control-allow-origin']).toBe('https://host.example');
    expect(result.headers['vary']).toBe('Accept-Encoding, Origin');
  });

  it.each(['/../outside.html', '/%2e%2e/outside.html', '/assets/..%2f..%2foutside.html', '/.env', '/%2eenv', '/missing.html', '/index.txt'])(
    'refuses %s with 404',
    async (path) => {
      // Sent raw: fetch would resolve ".." before the server ever saw it.
      const result = await rawGet(server.running.port, path);
      expect(result.status).toBe(404);
      expect(result.text).toContain('"not_found"');
      expect(result.text).not.toContain('outside the static folder');
      expect(result.text).not.toContain('do-not-serve');
    },
  );

  it('never answers an unknown API path with a file', async () => {
    const result = await server.http('/api/v1/index.html');
    expect(result.status).toBe(404);
    expect(apiError(result).code).toBe('not_found');
  });

  it.each(['/', '/admin'])('serves %s with a CSP that allows only its own scripts, styles and socket, https images, and no framing', async (path) => {
    const result = await server.http(path);
    const policy = result.headers.get('content-security-policy') ?? '';
    const directives = new Map(policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources.join(' ')] as const;
    }));
    const host = `127.0.0.1:${server.running.port}`;
    expect(directives.get('default-src')).toBe("'none'");
    expect(directives.get('script-src')).toBe("'self'");
    // People's avatars live on https hosts of their choosing; never http (mixed content) or any other scheme.
    expect(directives.get('img-src')).toBe("'self' data: https:");
    expect(directives.get('connect-src')).toBe(`'self' ws://${host} wss://${host}`);
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(result.headers.get('x-frame-options')).toBe('DENY');
  });

  it("allows a page's own inline style by its hash, and no other inline style", async () => {
    const policy = (await server.http('/')).headers.get('content-security-policy') ?? '';
    const hash = createHash('sha256').update(DEMO_STYLE).digest('base64');
    expect(policy).toContain(`style-src 'self' 'sha256-${hash}';`);
    expect(policy).not.toContain('unsafe-inline');
    const admin = (await server.http('/admin')).headers.get('content-security-policy') ?? '';
    expect(admin).toContain("style-src 'self';");
  });

  it('leaves the socket sources out when the Host header is not a plain host', async () => {
    const result = await rawRequest(
      server.running.port,
      'GET / HTTP/1.1\r\nHost: evil.example; script-src *\r\nConnection: close\r\n\r\n',
    );
    expect(result.status).toBe(200);
    expect(result.text).toMatch(/content-security-policy: [^\r]*connect-src 'self';/i);
    expect(result.text).not.toContain('evil.example');
  });

  it('sends no page policy with scripts', async () => {
    const result = await server.http('/widget.js');
    expect(result.headers.get('content-security-policy')).toBeNull();
    expect(result.headers.get('x-frame-options')).toBeNull();
  });
});
