// Two new users on a host site that embeds the widget from another origin: they register, chat, read, reload, and
// one of them goes offline and comes back. Run at a desktop and a phone size.

import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useStackAndBrowser } from '../support/suite.js';
import { newPerson, WidgetUser } from '../support/widget-user.js';

const suite = useStackAndBrowser();

for (const viewport of [
  { width: 1280, height: 800, name: 'desktop' },
  { width: 375, height: 667, name: 'phone' },
]) {
  describe(`two people on the script-tag example at ${viewport.width}×${viewport.height}`, () => {
    const contexts: BrowserContext[] = [];

    afterAll(async () => {
      for (const context of contexts) await context.close();
    });

    async function person(prefix: string): Promise<WidgetUser> {
      const context = await suite.browser.newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(suite.stack.hostPageUrl);
      return new WidgetUser(page, newPerson(prefix));
    }

    it('register, chat with unread counts, keep history over a reload, and deliver offline sends once', async () => {
      const ada = await person('ada');
      const bob = await person('bob');
      await ada.register();
      await bob.register();

      // Ada finds Bob by e-mail and writes first.
      await ada.startChatWith(bob.person.email);
      await ada.send('Hello Bob!');
      await ada.expectMessages(['Hello Bob!']);

      // Bob's list shows the new chat with one unread message; opening it reads it.
      await expect.poll(() => bob.unreadOf(ada.person.username), { timeout: 15_000 }).toBe(1);
      await bob.screenshot(`${viewport.name}-unread`);
      await bob.openChat(ada.person.username);
      await bob.expectMessages(['Hello Bob!']);
      await bob.send('Hi Ada, good to see you.');
      await ada.expectMessages(['Hello Bob!', 'Hi Ada, good to see you.']);
      if (viewport.width < 720) await bob.widget.getByRole('button', { name: 'Back to chats' }).click();
      await expect.poll(() => bob.unreadOf(ada.person.username)).toBe(0);

      // A reload keeps the session and the history.
      await ada.page.reload();
      await ada.openPanel();
      await ada.openChat(bob.person.username);
      await ada.expectMessages(['Hello Bob!', 'Hi Ada, good to see you.']);

      // Ada loses the network, writes twice, and comes back: Bob gets each message once, in order.
      await ada.page.context().setOffline(true);
      await ada.send('Sent while offline, one');
      await ada.send('Sent while offline, two');
      await ada.screenshot(`${viewport.name}-offline`);
      await ada.page.context().setOffline(false);
      if (viewport.width < 720) await bob.openChat(ada.person.username);
      await bob.expectMessages([
        'Hello Bob!',
        'Hi Ada, good to see you.',
        'Sent while offline, one',
        'Sent while offline, two',
      ]);
      await bob.screenshot(`${viewport.name}-conversation`);

      // The open conversation fills the panel, and nothing overflows sideways.
      for (const user of [ada, bob]) {
        const frame = await user.widget.locator('.frame').boundingBox();
        const pane = await user.widget.locator('.conversation').first().boundingBox();
        expect(pane?.width ?? 0).toBeGreaterThan((frame?.width ?? 0) * 0.95);
      }
      for (const user of [ada, bob]) {
        const overflow = await user.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
      }
    });
  });
}
