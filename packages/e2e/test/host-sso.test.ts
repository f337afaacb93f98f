// The host-sso example: a site with its own users and login signs iChat tokens for them. Two of its users, logged in
// to the site only, chat in the widget under their own names and pictures; the site's backend posts an announcement
// through the server API that both see; the site's webhook receiver logs the messages with valid signatures.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, ServerProcess } from '@ichat/test-kit';
import { launchChromium } from '@ichat/test-kit/chromium';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The example's own modules, so the test runs the site exactly as its serve.mjs does.
import { startHostSite } from '../../../examples/host-sso/site.mjs';
import { DEMO_PASSWORD } from '../../../examples/host-sso/host-users.mjs';
import { WidgetUser } from '../support/widget-user.js';

const JWT = { secret: 'host-sso-e2e-secret-of-at-least-32-bytes', issuer: 'https://shop.example', audience: 'ichat' };
const AVATAR_BASE = 'https://avatars.shop.example/';
/** The avatars' host does not exist: the browser is served a picture made here, one colour per person. */
function avatarPicture(url: string): string {
  const colour = url.endsWith('ada.png') ? '#b5179e' : url.endsWith('grace.png') ? '#2a9d8f' : '#e76f51';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="${colour}"/><circle cx="20" cy="16" r="7" fill="#fff"/><rect x="9" y="26" width="22" height="12" rx="6" fill="#fff"/></svg>`;
}

type Site = Awaited<ReturnType<typeof startHostSite>>;

let server: ServerProcess;
let site: Site;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** The line of a CLI's output that holds the secret it prints once. */
function secretIn(output: string, prefix: string): string {
  const secret = output.split(/\s+/).find((word) => word.startsWith(prefix));
  if (secret === undefined) throw new Error(`no ${prefix}… secret in:\n${output}`);
  return secret;
}

beforeAll(async () => {
  const sitePort = await freePort();
  const siteOrigin = `http://127.0.0.1:${sitePort}`;
  server = await ServerProcess.start({
    port: await freePort(),
    args: ['--allowed-origins', siteOrigin],
    env: {
      ICHAT_JWT_SECRET: JWT.secret,
      ICHAT_JWT_ISSUER: JWT.issuer,
      ICHAT_JWT_AUDIENCE: JWT.audience,
      // The site's users only: nobody gets an iChat password.
      ICHAT_PASSWORD_AUTH: 'off',
    },
  });
  const key = await server.command(['api-key', 'create', 'shop-backend']);
  expect(key.code, key.stderr).toBe(0);
  const hook = await server.command(['webhook', 'add', `${siteOrigin}/webhooks/ichat`]);
  expect(hook.code, hook.stderr).toBe(0);
  site = await startHostSite({
    port: sitePort,
    ichatUrl: server.url,
    jwtSecret: JWT.secret,
    jwtIssuer: JWT.issuer,
    jwtAudience: JWT.audience,
    apiKey: secretIn(key.stdout, 'ichat_sk_'),
    webhookSecret: secretIn(hook.stdout, 'whsec_'),
    avatarBase: AVATAR_BASE,
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await site?.close();
  await server?.dispose();
});

/** A person who logs in to the shop (not to iChat) in a browser of their own. */
async function shopUser(login: string): Promise<WidgetUser> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  await context.route(`${AVATAR_BASE}**`, (route) =>
    route.fulfill({ status: 200, contentType: 'image/svg+xml', body: avatarPicture(route.request().url()) }),
  );
  const page = await context.newPage();
  await page.goto(site.url);
  await page.getByLabel('Account').fill(login);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('host-user').waitFor();
  return new WidgetUser(page, { email: `${login}@shop.example`, username: login, password: DEMO_PASSWORD });
}

/** Whether the widget shows this picture from the site, loaded (the initials are the fallback when it fails). */
async function visibleAvatar(person: WidgetUser, file: string): Promise<boolean> {
  const picture = person.widget.locator(`img[src="${AVATAR_BASE}${file}"]`).first();
  if ((await picture.count()) === 0 || !(await picture.isVisible())) return false;
  return picture.evaluate((image) => image instanceof HTMLImageElement && image.complete && image.naturalWidth > 0);
}

async function announce(page: Page, text: string): Promise<void> {
  await page.getByLabel('Text').fill(text);
  await page.getByRole('button', { name: 'Post announcement' }).click();
  await page.getByRole('status').filter({ hasText: 'Announcement posted' }).waitFor();
}

describe('a host site that signs its own users in', () => {
  it('shows the widget signed in as the site user, lets two of them chat, and carries the backend and webhooks', async () => {
    const ada = await shopUser('ada');
    // Signed in by the site's token: no iChat form at any point, and the widget knows Ada by her site name and picture.
    await expect.poll(() => ada.widget.getByText('Shop community').first().isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await ada.widget.getByLabel('Email').count()).toBe(0);
    expect(await ada.widget.getByRole('button', { name: /sign up/i }).count()).toBe(0);
    await expect.poll(() => ada.widget.getByText('Ada Lovelace').first().isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => visibleAvatar(ada, 'ada.png'), { timeout: 10_000 }).toBe(true);

    const grace = await shopUser('grace');
    await expect.poll(() => grace.widget.getByText('Shop community').first().isVisible(), { timeout: 20_000 }).toBe(true);

    await ada.openChat('Shop community');
    await ada.send('Hello from Ada');
    await grace.openChat('Shop community');
    await grace.expectMessages(['Hello from Ada']);
    // Grace sees Ada under her site name, not a username iChat made up, and her own picture from the site.
    await expect.poll(() => grace.widget.getByText('Ada Lovelace').first().isVisible()).toBe(true);
    await expect.poll(() => visibleAvatar(grace, 'grace.png'), { timeout: 10_000 }).toBe(true);
    await grace.send('Hi Ada, Grace here');
    await ada.expectMessages(['Hello from Ada', 'Hi Ada, Grace here']);

    // The backend posts through the server API: a system message both see, shown apart from people's messages.
    await announce(ada.page, 'Free shipping all weekend');
    for (const person of [ada, grace]) {
      await expect.poll(() => person.widget.getByText('Free shipping all weekend').first().isVisible(), { timeout: 15_000 }).toBe(true);
    }
    await ada.screenshot('host-sso-ada');
    await grace.screenshot('host-sso-grace');

    // The site's receiver checked every signature, and logged each message once.
    await expect
      .poll(
        async () => {
          const log = (await (await fetch(`${site.url}/webhooks/log`)).json()) as {
            received: { type: string; data: { message?: { text?: string } } }[];
            refused: number;
          };
          return {
            refused: log.refused,
            texts: log.received.filter((event) => event.type === 'message.created').map((event) => event.data.message?.text),
          };
        },
        { timeout: 20_000 },
      )
      .toEqual({ refused: 0, texts: ['Hello from Ada', 'Hi Ada, Grace here', 'Free shipping all weekend'] });
  });

  it('passes the example\'s own unit tests (signature checks, token claims), as its README runs them', async () => {
    const folder = fileURLToPath(new URL('../../../examples/host-sso/', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--test'], { cwd: folder });
    expect(stdout).toMatch(/^# fail 0$/m);
    expect(stdout).toMatch(/^# pass [1-9]/m);
  });
});
