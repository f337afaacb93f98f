// An administrator opens /admin on the server and sees the registrations the run created; a new sign-up shows up
// without a reload.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useStackAndBrowser } from '../support/suite.js';
import { newPerson } from '../support/widget-user.js';
import { logInToDashboard } from '../support/dashboard.js';

const suite = useStackAndBrowser();

/** The running total in the last row of the dashboard's table view. */
async function lastTotal(page: Page): Promise<number> {
  const cells = page.locator('ichat-admin').locator('tbody tr').last().locator('td');
  const text = (await cells.last().textContent()) ?? '';
  return Number(text.replace(/[^\d]/g, ''));
}

describe('the admin page', () => {
  it('shows the accounts created so far and grows live when someone registers', async () => {
    const admin = newPerson('admin');
    await suite.stack.register(admin);
    const others = [newPerson('user'), newPerson('user'), newPerson('user')];
    for (const person of others) await suite.stack.register(person);
    await suite.stack.runCommand(['admin', 'grant', admin.email]);

    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${suite.stack.serverUrl}/admin`);
    const dashboard = await logInToDashboard(page, admin);

    await dashboard.getByRole('button', { name: 'Show as table' }).click();
    await expect.poll(() => lastTotal(page)).toBe(1 + others.length);

    await suite.stack.register(newPerson('late'));
    await expect.poll(() => lastTotal(page), { timeout: 15_000 }).toBe(2 + others.length);
    await page.close();
  });
});
