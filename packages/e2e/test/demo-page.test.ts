// What a newcomer reads on the server's own pages: the demo's embed snippet names this server and fits a phone, and
// the dashboard's login says how an account becomes an administrator.

import { describe, expect, it } from 'vitest';
import { useStackAndBrowser } from '../support/suite.js';

const suite = useStackAndBrowser();

describe("the server's pages, read by someone setting it up", () => {
  it("shows the demo's embed snippet with this server's address, wrapped to fit 375 px", async () => {
    const page = await suite.browser.newPage({ viewport: { width: 375, height: 667 } });
    await page.goto(`${suite.stack.serverUrl}/`);
    const snippet = page.locator('aside pre');
    await expect.poll(() => snippet.textContent()).toContain(`src="${new URL(suite.stack.serverUrl).origin}/widget.js"`);
    const fits = await snippet.evaluate((element) => element.scrollWidth <= element.clientWidth);
    expect(fits).toBe(true);
    await page.close();
  });

  it('tells the admin page visitor the command that makes an administrator', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${suite.stack.serverUrl}/admin`);
    expect(await page.locator('main').textContent()).toContain('ichat-server admin grant <email>');
    await page.close();
  });
});
