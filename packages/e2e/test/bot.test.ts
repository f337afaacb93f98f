// The Node bot example answers a message sent from the widget.

import { startNode, type NodeProcess } from '@ichat/test-kit';
import { launchChromium } from '@ichat/test-kit/chromium';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { BOT_MAIN } from '../support/paths.js';
import { startStack, type Stack } from '../support/stack.js';
import { newPerson, WidgetUser } from '../support/widget-user.js';

let stack: Stack;
let browser: Browser;
let bot: NodeProcess;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium();
  bot = startNode(BOT_MAIN, { env: { ICHAT_URL: stack.serverUrl, BOT_EMAIL: 'bot@example.com', BOT_USERNAME: 'helper-bot' } });
  await bot.waitFor(/signed in as helper-bot/, 'the bot to sign in');
});

afterAll(async () => {
  await bot?.stop();
  await browser?.close();
  await stack?.stop();
});

describe('the sdk-node example bot', () => {
  it('answers a direct message sent from the widget', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(stack.hostPageUrl);
    const user = new WidgetUser(page, newPerson('rider'));
    await user.register();
    await user.startChatWith('helper-bot');
    await user.send('/upper brakes squeak');
    await user.expectMessages(['/upper brakes squeak', 'BRAKES SQUEAK']);
    await user.send('thanks');
    await user.expectMessages(['/upper brakes squeak', 'BRAKES SQUEAK', 'thanks', 'You said: thanks']);
    await page.close();
  });
});
