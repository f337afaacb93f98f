// A report leads to a ban: Ada reports Bob's message from her widget, an administrator sees it in the moderation view
// of /admin without a reload and bans Bob, and Bob's open widget shows that he is banned at once.

import { describe, expect, it } from 'vitest';
import { logInToDashboard } from '../support/dashboard.js';
import { useStackAndBrowser } from '../support/suite.js';
import { newPerson, WidgetUser } from '../support/widget-user.js';

const suite = useStackAndBrowser();

describe('moderation', () => {
  it('a report from the widget reaches the moderation view live, and a ban there shows in the banned user\'s widget at once', async () => {
    const viewport = { width: 1280, height: 800 };
    const widgetUser = async (prefix: string): Promise<WidgetUser> => {
      const page = await (await suite.browser.newContext({ viewport })).newPage();
      await page.goto(suite.stack.hostPageUrl);
      return new WidgetUser(page, newPerson(prefix));
    };
    const ada = await widgetUser('ada');
    const bob = await widgetUser('bob');
    await ada.register();
    await bob.register();
    await ada.startChatWith(bob.person.email);
    await ada.send('Hi Bob');
    await bob.openChat(ada.person.username);
    await bob.send('Buy cheap pills at example.net');
    await ada.expectMessages(['Hi Bob', 'Buy cheap pills at example.net']);

    const admin = newPerson('mod');
    await suite.stack.register(admin);
    await suite.stack.runCommand(['admin', 'grant', admin.email]);
    const adminPage = await (await suite.browser.newContext({ viewport })).newPage();
    await adminPage.goto(`${suite.stack.serverUrl}/admin`);
    const dashboard = await logInToDashboard(adminPage, admin);
    await dashboard.getByRole('radio', { name: 'Moderation' }).check();
    await expect.poll(() => dashboard.getByText('No reports. All quiet.').isVisible(), { timeout: 15_000 }).toBe(true);

    // Ada reports the message: the dialog is a lazy part, fetched on this first use.
    const bad = ada.widget.locator('.msg', { hasText: 'Buy cheap pills' });
    await bad.hover();
    await bad.getByRole('button', { name: 'Report' }).click();
    const dialog = ada.widget.getByRole('dialog', { name: 'Report message' });
    await dialog.getByLabel('Spam').check();
    await dialog.getByLabel('Anything to add? (optional)').fill('Same link everywhere');
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await expect.poll(() => dialog.getByText('Thanks. The administrators will look at it.').isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The queue shows it without a reload, with the message in its context.
    const report = dashboard.locator('article.report.open', { hasText: 'Same link everywhere' });
    await expect.poll(() => report.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await report.locator('li.reported').textContent()).toContain('Buy cheap pills at example.net');

    await report.getByRole('button', { name: `Ban ${bob.person.username}` }).click();
    await expect.poll(() => bob.widget.getByText('This account has been banned from this chat.').isVisible(), { timeout: 5000 }).toBe(true);
    await expect.poll(() => dashboard.locator('table.moderation-log').getByText('Banned').isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => dashboard.locator('article.report.resolved', { hasText: 'Same link everywhere' }).isVisible()).toBe(true);

    for (const page of [ada.page, bob.page, adminPage]) await page.context().close();
  });
});
