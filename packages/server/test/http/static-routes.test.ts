// Static files: the demo page at /, the admin page at /admin, the widget bundle, and nothing outside the folder.

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError, rawGet, rawRequest } from '../support/http.js';
import { makeTempDir, TestServer } from '../support/test-server.js';

/** The demo page's inline style, which its CSP must allow by hash. */
const DEMO_STYLE = 'body { margin: 0; }';

/** A static folder inside the server's temp dir, beside a file that must never be served. */
function writeSite(dir: string): string {
  const site = join(dir, 'site');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), `<!doctype html><title>demo</title><style>${DEMO_STYLE}</style>`);
  writeFileSync(join(site, 'admin.html'), '<!doctype html><title>admin</title>');
  writeFileSync(join(site, 'widget.js'), 'export const widget = 1;');
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
    expect(result.headers.get('cache-control')).toContain('immutable');
  });

  it('answers HEAD with the headers and no body', async () => {
    const result = await server.http('/widget.js', { method: 'HEAD' });
    expect(result.status).toBe(200);
    expect(result.text).toBe('');
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
