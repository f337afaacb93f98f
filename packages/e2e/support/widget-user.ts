// A person using <ichat-widget> in a browser page, through what they see: roles, labels and text.
// Playwright's role and label locators reach into the widget's shadow DOM.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PASSWORD, uniqueName } from '@ichat/test-kit';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { ARTIFACTS } from './paths.js';

export interface Person {
  email: string;
  username: string;
  password: string;
}

/** A new person with unique names (the test kit's) and the suites' password. */
export function newPerson(prefix: string): Person {
  const username = uniqueName(prefix);
  return { email: `${username}@example.com`, username, password: PASSWORD };
}

export class WidgetUser {
  readonly page: Page;
  readonly person: Person;

  constructor(page: Page, person: Person) {
    this.page = page;
    this.person = person;
  }

  get widget(): Locator {
    return this.page.locator('ichat-widget');
  }

  /** Opens the floating panel if it is closed. */
  async openPanel(): Promise<void> {
    // The floating launcher is named "Open chat…" while closed and "Close chat" while open.
    const launcher = this.widget.getByRole('button', { name: /^(Open|Close) chat/ }).first();
    await launcher.waitFor({ timeout: 15_000 });
    const name = (await launcher.getAttribute('aria-label')) ?? (await launcher.textContent()) ?? '';
    if (name.trim().startsWith('Open chat')) await launcher.click();
  }

  async register(): Promise<void> {
    await this.openPanel();
    await this.widget.getByRole('button', { name: 'New here? Sign up' }).click();
    await this.widget.getByLabel('Email').fill(this.person.email);
    await this.widget.getByLabel('Username').fill(this.person.username);
    await this.widget.getByLabel('Password').fill(this.person.password);
    await this.widget.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => this.widget.getByRole('button', { name: 'New chat' }).isVisible(), { timeout: 15_000 }).toBe(true);
  }

  async startChatWith(emailOrUsername: string): Promise<void> {
    await this.widget.getByRole('button', { name: 'New chat' }).click();
    await this.widget.getByLabel('Email or username').fill(emailOrUsername);
    await this.widget.getByRole('button', { name: 'Start chat' }).click();
    await this.composer.waitFor({ timeout: 10_000 });
  }

  /** Opens a chat from the list by the other person's name. */
  async openChat(name: string): Promise<void> {
    await this.chatItem(name).click();
    await this.composer.waitFor({ timeout: 10_000 });
  }

  chatItem(name: string): Locator {
    return this.widget.locator('.chat-item', { hasText: name }).first();
  }

  get composer(): Locator {
    return this.widget.getByRole('textbox', { name: 'Message' });
  }

  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.widget.getByRole('button', { name: 'Send' }).click();
  }

  /** The texts of the message bubbles in the open conversation, top to bottom. */
  async messageTexts(): Promise<string[]> {
    // A bubble starts with the sender's name for screen readers, visually hidden; read what is shown.
    return this.widget
      .getByRole('log')
      .locator('.msg .bubble')
      .evaluateAll((bubbles) =>
        bubbles.map((bubble) =>
          [...bubble.childNodes]
            .filter((node) =>
              node instanceof HTMLElement ? !node.classList.contains('visually-hidden') : node.nodeType === Node.TEXT_NODE,
            )
            .map((node) => node.textContent ?? '')
            .join('')
            .trim(),
        ),
      );
  }

  /** Waits until the conversation shows exactly these texts among its messages, in this order, once each. */
  async expectMessages(expected: string[], timeout = 15_000): Promise<void> {
    await expect
      .poll(async () => (await this.messageTexts()).filter((text) => expected.includes(text)), { timeout })
      .toEqual(expected);
  }

  /** The unread badge of a chat in the list, or 0 when there is none. */
  async unreadOf(name: string): Promise<number> {
    // The badge shows the number (aria-hidden) and says "N unread" to screen readers; read the visible number.
    const badge = this.chatItem(name).locator('.badge [aria-hidden="true"]');
    if ((await badge.count()) === 0) return 0;
    return Number((await badge.first().textContent())?.trim() ?? '0');
  }

  async screenshot(name: string): Promise<void> {
    const folder = join(ARTIFACTS, 'screenshots');
    mkdirSync(folder, { recursive: true });
    await this.page.screenshot({ path: join(folder, `${name}.png`) });
  }
}
