// Test-runner commands that drive what only the browser's owner can: the page's notification permission (as a
// visitor's "Allow" would set it) and whether the tab is hidden (another tab brought to the front, as a visitor
// switching tabs does), both through puppeteer on the real Chromium running the tests.

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function pageStatePlugin() {
  /** The tab brought in front of each test page, by session id. */
  const covers = new Map();
  return {
    name: 'ichat-page-state',
    async executeCommand({ command, payload, session }) {
      if (command !== 'notification-permission' && command !== 'page-hidden') return undefined;
      if (session.browser.type !== 'puppeteer') throw new Error(`${command} needs the Chrome launcher`);
      const page = session.browser.getPage(session.id);
      if (command === 'notification-permission') {
        const context = page.browserContext();
        if (payload?.granted === true) await context.overridePermissions(new URL(page.url()).origin, ['notifications']);
        else await context.clearPermissionOverrides();
        return true;
      }
      if (payload?.hidden === true) {
        const cover = covers.get(session.id) ?? (await page.browserContext().newPage());
        covers.set(session.id, cover);
        await cover.bringToFront();
      } else {
        await page.bringToFront();
        await covers.get(session.id)?.close();
        covers.delete(session.id);
      }
      return true;
    },
  };
}
