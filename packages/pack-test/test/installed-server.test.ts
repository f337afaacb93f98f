// The server installed from its tarball with npm: the ichat-server command from node_modules/.bin serves the API and
// the widget that travelled with it, and npx runs it with its defaults.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecked, toolEnv } from '../src/commands.js';
import { startInstalledServer, type InstalledServer } from '../src/installed-server.js';
import { packedApp, tarballOf } from '../src/packed.js';
import { packageDir } from '../src/workspace.js';

describe('ichat-server from node_modules/.bin', () => {
  let server: InstalledServer;
  let command: string;

  beforeAll(async () => {
    const { app, root } = packedApp();
    command = join(app, 'node_modules', '.bin', 'ichat-server');
    server = await startInstalledServer(command, ['--port', '0', '--database', join(root, 'bin-data', 'ichat.db')], { cwd: app });
  });

  afterAll(async () => {
    if (server !== undefined) expect(await server.stop()).toBe(0);
  });

  it('prints the version of the package it came from', async () => {
    const output = await runChecked(command, ['--version'], { cwd: packedApp().app });
    expect(output.trim()).toBe(tarballOf('server').manifest.version);
  });

  it('answers /healthz', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('serves the demo page at /, which embeds the widget', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('<ichat-widget');
  });

  it('serves /widget.js: the widget build of this repository, installed as its dependency', async () => {
    const response = await fetch(`${server.url}/widget.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    const built = readFileSync(join(packageDir('widget'), 'dist', 'widget.js'));
    expect(Buffer.from(await response.arrayBuffer()).equals(built)).toBe(true);
  });

  it('serves the admin page at /admin', async () => {
    const response = await fetch(`${server.url}/admin`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<ichat-admin');
  });
});

describe('npx in the app that installed the tarballs', () => {
  it('`npx ichat-server --version` runs the installed command', async () => {
    const output = await runChecked('npx', ['ichat-server', '--version'], { cwd: packedApp().app, env: toolEnv() });
    expect(output.trim()).toBe(tarballOf('server').manifest.version);
  });

  it('`npx @ichat/server` starts a working server on its embedded SQLite default, ./data/ichat.db', async () => {
    const { app } = packedApp();
    // Only the port is set (0: a free one), so the server runs on its own defaults otherwise.
    const server = await startInstalledServer('npx', ['@ichat/server'], { cwd: app, env: { PORT: '0' }, readyTimeoutMs: 60_000 });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(existsSync(join(app, 'data', 'ichat.db'))).toBe(true);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
