// The server restarts in the middle of a conversation: both widgets recover by themselves, and no message is lost
// or shown twice, including ones written while the server was down.

import { describe, expect, it } from 'vitest';
import { useStackAndBrowser } from '../support/suite.js';
import { newPerson, WidgetUser } from '../support/widget-user.js';

const suite = useStackAndBrowser();

describe('a server restart mid-conversation', () => {
  it('loses and doubles nothing on either side', async () => {
    const open = async (prefix: string): Promise<WidgetUser> => {
      const page = await (await suite.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      await page.goto(suite.stack.hostPageUrl);
      return new WidgetUser(page, newPerson(prefix));
    };
    const ada = await open('ada');
    const bob = await open('bob');
    await ada.register();
    await bob.register();
    await ada.startChatWith(bob.person.username);
    await ada.send('before the restart');
    await bob.openChat(ada.person.username);
    await bob.expectMessages(['before the restart']);

    const restarted = suite.stack.restartServer();
    // Written while the server is going down or gone: held in the outbox, sent once it is back.
    await ada.send('during the restart');
    await restarted;
    await bob.send('after the restart');
    await ada.send('and once more');

    // Each side shows every message exactly once, both in the same (server) order, and Ada's own in the order she
    // wrote them; where Bob's reply lands relative to Ada's queued message is up to the commit order.
    const all = ['before the restart', 'during the restart', 'after the restart', 'and once more'];
    const shown = async (user: WidgetUser): Promise<string[]> => (await user.messageTexts()).filter((t) => all.includes(t));
    await expect.poll(async () => [...(await shown(ada))].sort(), { timeout: 30_000 }).toEqual([...all].sort());
    await expect.poll(async () => [...(await shown(bob))].sort(), { timeout: 30_000 }).toEqual([...all].sort());
    const adaOrder = await shown(ada);
    expect(await shown(bob)).toEqual(adaOrder);
    const adasOwn = adaOrder.filter((t) => t !== 'after the restart');
    expect(adasOwn).toEqual(['before the restart', 'during the restart', 'and once more']);
  });
});
