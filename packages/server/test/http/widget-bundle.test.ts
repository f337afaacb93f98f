// The real widget bundle, as the build leaves it and the server sends it: what a host page's visitor downloads.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireRequest } from '../support/http.js';
import { TestServer } from '../support/test-server.js';

/** The widget package's build output, which the server serves by default. */
const WIDGET_DIST = fileURLToPath(new URL('../../../widget/dist', import.meta.url));

/**
 * What `/widget.js` may cost a visitor in bytes on the wire: 35 KB as browsers get it (brotli, which every browser asks
 * for over HTTPS), and a ceiling for the rare client that accepts only gzip.
 */
const WIRE_BUDGET = { br: 35 * 1024, gzip: 40 * 1024 } as const;

let server: TestServer;
beforeAll(async () => {
  if (!existsSync(`${WIDGET_DIST}/widget.js`)) throw new Error('Build the widget first: pnpm build');
  server = await TestServer.start({ 'static-dir': WIDGET_DIST });
});
afterAll(() => server.dispose());

describe('the built /widget.js', () => {
  it.each([
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ] as const)('reaches a browser that accepts %s within its budget, decoding to the bundle', async (coding, decode) => {
    const port = server.running.port;
    const plain = await wireRequest(port, '/widget.js');
    const compressed = await wireRequest(port, '/widget.js', { 'accept-encoding': coding });
    expect(compressed.headers['content-encoding']).toBe(coding);
    expect(compressed.body.length).toBeLessThanOrEqual(WIRE_BUDGET[coding]);
    expect(decode(compressed.body).equals(plain.body)).toBe(true);
  });

  it('costs a returning visitor a 304 and no bytes of body', async () => {
    const port = server.running.port;
    const browser = { 'accept-encoding': 'gzip, deflate, br, zstd' };
    const first = await wireRequest(port, '/widget.js', browser);
    const again = await wireRequest(port, '/widget.js', { ...browser, 'if-none-match': first.headers['etag'] ?? '' });
    expect(first.headers['content-encoding']).toBe('br');
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });
});
