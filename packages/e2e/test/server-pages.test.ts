// The server's own pages, the demo at / and the dashboard at /admin, work under the Content-Security-Policy they are
// served with: the widget signs up and chats over its socket, the dashboard draws and shows its tooltip, and the
// browser reports no violation.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { recordViolations } from '../support/csp-violations.js';
import { useStackAndBrowser } from '../support/suite.js';
import { newPerson, WidgetUser } from '../support/widget-user.js';
import { logInToDashboard } from '../support/dashboard.js';

const suite = useStackAndBrowser();

/** Opens `path` on the server, recording every CSP violation the page reports. */
async function openRecordingViolations(path: string): Promise<{ page: Page; violations: string[]; policy: string }> {
  const page = await suite.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const violations = await recordViolations(page);
  const response = await page.goto(`${suite.stack.serverUrl}${path}`);
  return { page, violations, policy: (await response?.headerValue('content-security-policy')) ?? '' };
}

describe("the server's pages under their Content-Security-Policy", () => {
  it('lets the demo page sign up and chat over the socket, with no violation', async () => {
    const bob = newPerson('bob');
    await suite.stack.register(bob);
    const { page, violations, policy } = await openRecordingViolations('/');
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("img-src 'self' data: https:");
    const ada = new WidgetUser(page, newPerson('ada'));

    // The demo embeds the widget inline: the sign-up form is on the page, no launcher to open.
    const widget = ada.widget;
    await widget.getByRole('button', { name: 'New here? Sign up' }).click();
    await widget.getByLabel('Email').fill(ada.person.email);
    await widget.getByLabel('Username').fill(ada.person.username);
    await widget.getByLabel('Password').fill(ada.person.password);
    await widget.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => widget.getByRole('button', { name: 'New chat' }).isVisible(), { timeout: 15_000 }).toBe(true);
    // A message shown once sent went over the socket and was acknowledged.
    await ada.startChatWith(bob.email);
    await ada.send('Hello under CSP');
    await ada.expectMessages(['Hello under CSP']);

    expect(violations).toEqual([]);
    await page.close();
  });

  it("loads the widget's dialogs as their own scripts on first use, and tries again after a failed load", async () => {
    const { page, violations } = await openRecordingViolations('/');
    const parts: string[] = [];
    page.on('request', (request) => {
      const name = /\/(widget-[\w-]+\.js)$/.exec(new URL(request.url()).pathname)?.[1];
      if (name !== undefined) parts.push(name);
    });
    const ada = new WidgetUser(page, newPerson('ada'));
    const widget = ada.widget;
    await widget.getByRole('button', { name: 'New here? Sign up' }).click();
    await widget.getByLabel('Email').fill(ada.person.email);
    await widget.getByLabel('Username').fill(ada.person.username);
    await widget.getByLabel('Password').fill(ada.person.password);
    await widget.getByRole('button', { name: 'Create account' }).click();
    await widget.getByRole('button', { name: 'Edit profile' }).waitFor({ timeout: 15_000 });
    // Signed in and chatting needs neither dialog: nothing was fetched for them.
    expect(parts).toEqual([]);

    // The first try fails as it would offline: the widget says so and stays usable.
    await page.route('**/widget-profile-editor.js', (route) => route.abort('internetdisconnected'));
    await widget.getByRole('button', { name: 'Edit profile' }).click();
    await widget.getByRole('alert').filter({ hasText: 'Couldn’t open that' }).waitFor({ timeout: 10_000 });
    await page.unroute('**/widget-profile-editor.js');

    await widget.getByRole('button', { name: 'Edit profile' }).click();
    const editor = widget.getByRole('dialog', { name: 'Your profile' });
    await editor.waitFor({ timeout: 10_000 });
    await editor.getByLabel('Display name').fill('Ada L.');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await widget.getByRole('alert').filter({ hasText: 'Couldn’t open that' }).count()).toBe(0);

    await widget.getByRole('button', { name: 'New chat' }).click();
    await widget.getByRole('dialog', { name: 'Start a chat' }).waitFor({ timeout: 10_000 });
    expect(parts).toEqual(['widget-profile-editor.js', 'widget-profile-editor.js', 'widget-new-chat.js']);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('lets the admin page log in, draw and show a bar tooltip, with no violation', async () => {
    const admin = newPerson('admin');
    await suite.stack.register(admin);
    await suite.stack.runCommand(['admin', 'grant', admin.email]);
    const { page, violations, policy } = await openRecordingViolations('/admin');
    expect(policy).toContain("frame-ancestors 'none'");

    const dashboard = await logInToDashboard(page, admin);

    // The tooltip is positioned by a style the CSP must let through.
    await dashboard.locator('svg.chart').focus();
    await page.keyboard.press('End');
    const tooltip = dashboard.locator('.tooltip');
    await tooltip.waitFor({ timeout: 10_000 });
    expect(await tooltip.evaluate((element) => (element instanceof HTMLElement ? element.style.left : ''))).toMatch(/px$/);

    expect(violations).toEqual([]);
    await page.close();
  });
});
