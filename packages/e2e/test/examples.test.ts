// The two examples not covered elsewhere, run as their READMEs say: the SDK-only browser app (Vite dev server) and
// the admin chart in a dashboard on another origin.

import { join } from 'node:path';
import { freePort, startNode, type NodeProcess } from '@ichat/test-kit';
import { launchChromium } from '@ichat/test-kit/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
// The example's own static server, as its README runs it.
import { serveFiles } from '../../../examples/static-server.mjs';
import { ADMIN_EXAMPLE, SDK_BROWSER_EXAMPLE } from '../support/paths.js';
import { startStack, type Stack } from '../support/stack.js';
import { newPerson, type Person } from '../support/widget-user.js';

let stack: Stack;
let browser: Browser;
let vite: NodeProcess;
let appUrl: string;
let dashboard: { port: number; close: () => void };

beforeAll(async () => {
  const vitePort = await freePort();
  dashboard = await serveFiles(ADMIN_EXAMPLE, 0, { '/': 'index.html', '/dashboard.css': 'dashboard.css' });
  const appOrigin = `http://127.0.0.1:${vitePort}`;
  stack = await startStack({ extraOrigins: [appOrigin, `http://127.0.0.1:${dashboard.port}`] });
  vite = startNode(join(SDK_BROWSER_EXAMPLE, 'node_modules/vite/bin/vite.js'), {
    args: ['--port', String(vitePort), '--strictPort', '--host', '127.0.0.1'],
    cwd: SDK_BROWSER_EXAMPLE,
  });
  await vite.waitFor(/ready in/i, 'the Vite dev server');
  appUrl = `${appOrigin}/?server=${encodeURIComponent(stack.serverUrl)}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await vite?.stop();
  dashboard?.close();
  await stack?.stop();
});

async function signUpInApp(person: Person): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(appUrl);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Username (new accounts)').fill(person.username);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText(`Connected as ${person.username}`).waitFor({ timeout: 20_000 });
  return page;
}

describe('examples/sdk-browser', () => {
  it('lets two people chat with the SDK alone', async () => {
    const ada = newPerson('ada');
    const bob = newPerson('bob');
    const adaPage = await signUpInApp(ada);
    const bobPage = await signUpInApp(bob);

    await adaPage.getByLabel('Chat with (e-mail or username)').fill(bob.email);
    await adaPage.getByRole('button', { name: 'New chat' }).click();
    await adaPage.getByLabel('Message').fill('hello from the SDK app');
    await adaPage.getByRole('button', { name: 'Send' }).click();

    // Bob's list gets the chat with an unread count; opening it shows the message once.
    await bobPage.getByRole('button', { name: `${ada.username} (1)` }).click({ timeout: 20_000 });
    await expect.poll(() => bobPage.getByRole('log').getByText('hello from the SDK app').count(), { timeout: 15_000 }).toBe(1);
  });
});

describe('examples/admin', () => {
  it('shows the chart in the sample dashboard on another origin', async () => {
    const admin = newPerson('admin');
    await stack.register(admin);
    await stack.runCommand(['admin', 'grant', admin.email]);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://127.0.0.1:${dashboard.port}/?server=${encodeURIComponent(stack.serverUrl)}`);
    const chart = page.locator('ichat-admin');
    await chart.getByLabel('Email').fill(admin.email);
    await chart.getByLabel('Password').fill(admin.password);
    await chart.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => chart.locator('rect.bar').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // The dashboard's attributes configure it: weekly buckets over 90 days.
    await expect.poll(() => chart.getByRole('radio', { name: 'Week' }).isChecked()).toBe(true);
    await expect.poll(() => chart.getByRole('radio', { name: '90 days' }).isChecked()).toBe(true);
  });
});
