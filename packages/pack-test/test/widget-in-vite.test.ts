// The widget installed from its tarball, in a Vite app: the app builds, and in Chromium the chat it shows signs a new
// user up through the installed server.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@ichat/test-kit';
import { launchChromium } from '@ichat/test-kit/chromium';
import type { Browser } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstalledServer, type InstalledServer } from '../src/installed-server.js';
import { packedApp } from '../src/packed.js';
import { writeViteApp } from '../src/vite-app.js';

describe('@ichat/widget from npm in a Vite app', () => {
  let server: InstalledServer;
  let root: string;
  let outDir: string;
  let site: PreviewServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    const packed = packedApp();
    const command = join(packed.app, 'node_modules', '.bin', 'ichat-server');
    server = await startInstalledServer(command, ['--port', '0', '--database', join(packed.root, 'vite-data', 'ichat.db')], { cwd: packed.app });
    root = join(packed.app, 'vite-app');
    outDir = join(root, 'dist');
    writeViteApp(root, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (server !== undefined) expect(await server.stop()).toBe(0);
  });

  it('builds, with the widget bundled from node_modules', async () => {
    await build({ root, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const scripts = readdirSync(join(outDir, 'assets')).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const bundled = scripts.map((name) => readFileSync(join(outDir, 'assets', name), 'utf8')).join('\n');
    expect(bundled).toContain('ichat-widget');
  });

  it('shows the chat in Chromium, and a new user signs up through the installed server', async () => {
    const port = await freePort();
    site = await preview({ root, configFile: false, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true } });
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const widget = page.locator('ichat-widget');
    await widget.getByRole('button', { name: 'New here? Sign up' }).click({ timeout: 15_000 });
    await widget.getByLabel('Email').fill('packed-vite@example.com');
    await widget.getByLabel('Username').fill('packed-vite');
    await widget.getByLabel('Password').fill('packed-password');
    await widget.getByRole('button', { name: 'Create account' }).click();
    await widget.getByRole('button', { name: 'New chat' }).waitFor({ timeout: 15_000 });
  });
});
