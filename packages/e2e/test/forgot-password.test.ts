// "Forgot password?" from end to end in Chromium: the widget's lazy dialog asks for a link, a real SMTP server receives
// the e-mail, the link opens the server's reset page (under its CSP), and the new password logs in.

import { Mailbox } from '@ichat/test-kit/mailbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordViolations } from '../support/csp-violations.js';
import { useStackAndBrowser } from '../support/suite.js';
import { newPerson, WidgetUser } from '../support/widget-user.js';

const mailbox = new Mailbox();
beforeAll(async () => {
  await mailbox.start();
});
afterAll(async () => {
  await mailbox.stop();
});
// Hooks run in order: the mailbox listens before the stack starts and points the server at it.
const suite = useStackAndBrowser(() => ({ serverArgs: ['--smtp-url', mailbox.url, '--email-from', 'iChat <chat@example.test>'] }));

describe('forgot password', () => {
  it('e-mails a reset link from the widget, sets the new password on the reset page, and logs in with it', async () => {
    const ada = newPerson('ada');
    await suite.stack.register(ada);
    await mailbox.nth(ada.email);
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const violations = await recordViolations(page);
    await page.goto(`${suite.stack.serverUrl}/`);
    const user = new WidgetUser(page, ada);
    const widget = user.widget;

    await widget.getByLabel('Email').fill(ada.email);
    await widget.getByRole('button', { name: 'Forgot password?' }).click();
    const dialog = widget.getByRole('dialog', { name: 'Reset your password' });
    await dialog.waitFor({ timeout: 15_000 });
    expect(await dialog.getByLabel('Email').inputValue()).toBe(ada.email);
    await dialog.getByRole('button', { name: 'Send link' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 15_000 }).toContain('a link is on its way');
    await dialog.getByRole('button', { name: 'Close' }).click();

    const mail = await mailbox.nth(ada.email, 2, 15_000);
    const link = /https?:\/\/\S+\/account\/reset\?token=[\w%-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    await page.goto(link ?? '');
    await page.getByLabel('New password').fill('a brand new password');
    await page.getByLabel('Repeat it').fill('a brand new password');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toContain('Your password is changed');

    // The link works once.
    await page.reload();
    await page.getByLabel('New password').fill('another new password');
    await page.getByLabel('Repeat it').fill('another new password');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toContain('does not work any more');

    await page.goto(`${suite.stack.serverUrl}/`);
    await widget.getByLabel('Email').fill(ada.email);
    await widget.getByLabel('Password').fill('a brand new password');
    await widget.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => widget.getByRole('button', { name: 'New chat' }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(violations).toEqual([]);
    await page.close();
  });
});
