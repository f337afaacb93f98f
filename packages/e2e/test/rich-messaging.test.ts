// Two people use what a chat product is judged by on its first day: one sends a picture, the other sees it, both
// see that it was seen, the other finds an earlier message again by searching for a word of it, answers the picture
// with a reply that quotes it, and gets a reaction to that reply.

import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useStackAndBrowser } from '../support/suite.js';
import { newPerson, WidgetUser } from '../support/widget-user.js';

const suite = useStackAndBrowser();

/** A real PNG the page draws itself (a striped square), so the upload goes through the server's image pipeline. */
async function drawnPng(page: Page): Promise<Buffer> {
  const bytes = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(320, 240);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('no 2d context');
    for (let x = 0; x < 320; x += 40) {
      context.fillStyle = x % 80 === 0 ? '#1d4ed8' : '#facc15';
      context.fillRect(x, 0, 40, 240);
    }
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return [...new Uint8Array(await blob.arrayBuffer())];
  });
  return Buffer.from(bytes);
}

describe('two people exchange a picture, see it was seen, find a message by search, reply and react', () => {
  const contexts: BrowserContext[] = [];

  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  async function person(prefix: string): Promise<WidgetUser> {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(suite.stack.hostPageUrl);
    return new WidgetUser(page, newPerson(prefix));
  }

  it('sends an image that the other sees, shows "Seen", jumps to a found message, quotes it in a reply, and reacts', async () => {
    const ada = await person('ada');
    const bob = await person('bob');
    await ada.register();
    await bob.register();

    await ada.startChatWith(bob.person.email);
    await ada.send('The quarterly figures are in the shared folder');
    await ada.expectMessages(['The quarterly figures are in the shared folder']);

    // Ada attaches a picture through the attach button and sends it with a caption.
    const png = await drawnPng(ada.page);
    const chooser = ada.page.waitForEvent('filechooser');
    await ada.widget.getByRole('button', { name: 'Attach files' }).click();
    await (await chooser).setFiles({ name: 'stripes.png', mimeType: 'image/png', buffer: png });
    // Sending waits for the upload, as a person would for its progress bar to go.
    await ada.widget.locator('.upload.ready', { hasText: 'stripes.png' }).waitFor({ timeout: 15_000 });
    await ada.send('Here is the whiteboard');
    await ada.expectMessages(['The quarterly figures are in the shared folder', 'Here is the whiteboard']);

    // Bob opens the chat and sees the picture itself: its thumbnail loaded through a signed link.
    await bob.openChat(ada.person.username);
    await bob.expectMessages(['The quarterly figures are in the shared folder', 'Here is the whiteboard']);
    const image = bob.widget.getByRole('button', { name: /stripes\.png/ }).locator('img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    await bob.screenshot('rich-image-received');

    // Bob read both: Ada sees "Seen" under her last message.
    await expect.poll(() => ada.widget.locator('.seen').count(), { timeout: 15_000 }).toBe(1);
    expect((await ada.widget.locator('.seen').textContent())?.trim()).toBe('Seen');
    await ada.screenshot('rich-seen');

    // Bob searches for a word of Ada's first message, sees it highlighted, and jumps to it in its conversation.
    await bob.widget.getByRole('button', { name: 'Back to chats' }).click();
    const search = bob.widget.getByRole('searchbox', { name: 'Search messages' });
    await search.fill('quarterly');
    const hit = bob.widget.locator('.search-hit', { hasText: 'shared folder' });
    await hit.waitFor({ timeout: 15_000 });
    expect(await hit.locator('mark').allTextContents()).toEqual(['quarterly']);
    await bob.screenshot('rich-search');
    await hit.click();
    await bob.composer.waitFor({ timeout: 10_000 });
    await bob.expectMessages(['The quarterly figures are in the shared folder', 'Here is the whiteboard']);

    // Bob answers the picture with a reply: the composer says what it answers, and the reply quotes it for both.
    const picture = bob.widget.locator('.msg', { hasText: 'Here is the whiteboard' });
    await picture.hover();
    await picture.getByRole('button', { name: 'Reply' }).click();
    await expect.poll(() => bob.widget.locator('.reply-bar').textContent(), { timeout: 10_000 }).toContain('Here is the whiteboard');
    await bob.send('Looks great, thanks');
    await expect.poll(() => bob.widget.locator('.reply-bar').count()).toBe(0);
    await ada.expectMessages(['The quarterly figures are in the shared folder', 'Here is the whiteboard', 'Looks great, thanks']);
    const reply = ada.widget.locator('.msg', { hasText: 'Looks great, thanks' });
    await expect.poll(() => reply.locator('.quote').textContent(), { timeout: 10_000 }).toContain('Here is the whiteboard');

    // Ada reacts to the reply with a thumbs-up; Bob sees it arrive, counted once, and Ada's chip shows it is hers.
    await reply.hover();
    await reply.getByRole('button', { name: 'React', exact: true }).click();
    await ada.widget.getByRole('button', { name: 'React with 👍' }).click();
    const bobsChip = bob.widget.locator('.msg', { hasText: 'Looks great, thanks' }).locator('.chip', { hasText: '👍' });
    await expect.poll(() => bobsChip.textContent(), { timeout: 15_000 }).toContain('1');
    expect(await bobsChip.getAttribute('aria-pressed')).toBe('false');
    expect(await reply.locator('.chip', { hasText: '👍' }).getAttribute('aria-pressed')).toBe('true');
    await bob.screenshot('rich-reply-reaction');

    // Clicking her chip again takes the reaction back, for both.
    await reply.locator('.chip', { hasText: '👍' }).click();
    await expect.poll(() => bobsChip.count(), { timeout: 15_000 }).toBe(0);
  });
});
