// Helpers for <ichat-widget> tests: mount signed-in widgets, reach into their shadow DOM, drive a second user with
// the SDK, and cut the network under a widget.

import { createClient, memoryStorage, type IChatClient } from '@ichat/sdk';
import '../../src/index.js';
import type { IChatWidget } from '../../src/ichat-widget.js';
import { ichatServer, nextEvent, register, uniqueName, until } from '../support/fixtures.js';

export type Account = Awaited<ReturnType<typeof register>>;

/** A fresh account with a unique name. */
export async function account(prefix: string): Promise<Account> {
  return register(uniqueName(prefix));
}

export interface MountOptions {
  token?: string;
  mode?: 'inline' | 'floating';
  /** Size of the inline container, CSS lengths. */
  width?: string;
  height?: string;
  /** Attributes to set before connecting. */
  attributes?: Record<string, string>;
  /** The host page's token provider, set before connecting. */
  tokenProvider?: () => Promise<string>;
}

/** Mounts a widget in a sized container; with a token, resolves once it has synced (`ichat-ready`). */
export async function mountWidget(options: MountOptions = {}): Promise<IChatWidget> {
  const box = document.createElement('div');
  box.className = 'widget-box';
  box.style.cssText = `inline-size:${options.width ?? '900px'};block-size:${options.height ?? '600px'};`;
  const element = document.createElement('ichat-widget');
  element.server = await ichatServer();
  if (options.mode !== undefined) element.mode = options.mode;
  for (const [name, value] of Object.entries(options.attributes ?? {})) element.setAttribute(name, value);
  if (options.tokenProvider !== undefined) element.tokenProvider = options.tokenProvider;
  const ready = options.token === undefined ? undefined : nextEvent(element, 'ichat-ready', 10_000);
  if (options.token !== undefined) element.token = options.token;
  box.append(element);
  document.body.append(box);
  await ready;
  await element.updateComplete;
  // Without a session to resume, the sign-in form is a lazy part: it shows once loaded.
  const attributes = options.attributes ?? {};
  const resumes =
    options.token !== undefined ||
    options.tokenProvider !== undefined ||
    'token' in attributes ||
    'token-url' in attributes ||
    Object.keys(localStorage).some((key) => key.startsWith('ichat:widget-token:'));
  if (!resumes) await waitFor(element, 'form.auth');
  return element;
}

/** Removes every widget and forgets remembered sessions, so each test starts clean. */
export function cleanUp(): void {
  for (const box of document.querySelectorAll('.widget-box')) box.remove();
  for (const element of document.querySelectorAll('ichat-widget')) element.remove();
  localStorage.clear();
}

export function shadow(element: IChatWidget): ShadowRoot {
  if (element.shadowRoot === null) throw new Error('no shadow root');
  return element.shadowRoot;
}

/** One element in the widget's shadow DOM; throws when missing. */
export function $(element: IChatWidget, selector: string): HTMLElement {
  const found = shadow(element).querySelector<HTMLElement>(selector);
  if (found === null) throw new Error(`no ${selector} in the widget`);
  return found;
}

export function $$(element: IChatWidget, selector: string): HTMLElement[] {
  return [...shadow(element).querySelectorAll<HTMLElement>(selector)];
}

/** Waits until the selector matches in the widget's shadow DOM. */
export function waitFor(element: IChatWidget, selector: string, timeoutMs = 8000): Promise<HTMLElement> {
  return until(() => shadow(element).querySelector<HTMLElement>(selector), selector, timeoutMs);
}

/** Waits until some element matching `selector` has exactly this text (trimmed). */
export function waitForText(element: IChatWidget, selector: string, text: string, timeoutMs = 8000): Promise<HTMLElement> {
  return until(() => $$(element, selector).find((node) => node.textContent?.trim() === text), `${selector} "${text}"`, timeoutMs);
}

/** The chat list's room names, top to bottom. */
export function chatNames(element: IChatWidget): string[] {
  return $$(element, '.chat-item .chat-name').map((node) => node.textContent?.trim() ?? '');
}

/** The unread badge number of a chat, 0 without a badge. */
export function unreadBadge(element: IChatWidget, name: string): number {
  const item = $$(element, '.chat-item').find((node) => node.querySelector('.chat-name')?.textContent?.trim() === name);
  if (item === undefined) throw new Error(`no chat ${name}`);
  return Number(item.querySelector('.badge [aria-hidden]')?.textContent ?? 0);
}

/** Message texts of the open conversation, in order (delivered and pending). */
export function bubbleTexts(element: IChatWidget): string[] {
  return $$(element, '.msg .bubble').map((node) => {
    const copy = node.cloneNode(true);
    if (copy instanceof HTMLElement) copy.querySelector('.visually-hidden')?.remove();
    return copy.textContent ?? '';
  });
}

/** Types into the composer and presses Enter (as a keydown the composer handles). */
export async function sendFromComposer(element: IChatWidget, text: string): Promise<void> {
  const textarea = $(element, 'textarea');
  if (!(textarea instanceof HTMLTextAreaElement)) throw new Error('no composer');
  textarea.value = text;
  textarea.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
  await element.updateComplete;
}

/** Opens a chat from the list by its name and waits for its history. */
export async function openChat(element: IChatWidget, name: string): Promise<void> {
  const item = await until(
    () => $$(element, '.chat-item').find((node) => node.querySelector('.chat-name')?.textContent?.trim() === name),
    `chat ${name}`,
  );
  item.click();
  await waitFor(element, '.log .log-note:not([role]), .log .load-older');
}

/** Starts a direct chat with the "New chat" dialog. */
export async function startChat(element: IChatWidget, withUser: string): Promise<void> {
  $(element, 'button.new-chat').click();
  await element.updateComplete;
  const input = await waitFor(element, 'dialog input[name="with"]');
  if (!(input instanceof HTMLInputElement)) throw new Error('no input');
  input.value = withUser;
  $(element, 'dialog button[type="submit"]').click();
  await until(() => shadow(element).querySelector('dialog') === null && shadow(element).querySelector('.conversation textarea'), 'conversation');
  await waitFor(element, '.log .log-note:not([role]), .log .load-older');
}

/** A second user driven by the SDK directly, with an in-memory outbox so it never shares the widget's. */
export async function peerClient(token: string): Promise<IChatClient> {
  const client = createClient({ url: await ichatServer(), token, storage: memoryStorage() });
  await client.whenSynced(10_000);
  return client;
}

/**
 * A switchable network under every WebSocket created while installed: offline, new sockets fail to connect and open
 * ones are closed. Install before mounting the widget, since the SDK picks its WebSocket constructor at creation.
 */
export function installFlakyNetwork(): { offline(): void; online(options?: { announce: boolean }): void; uninstall(): void } {
  const Real = globalThis.WebSocket;
  const open = new Set<WebSocket>();
  let down = false;
  class FlakyWebSocket extends Real {
    constructor(url: string | URL, protocols?: string | string[]) {
      // Port 9 (discard) is refused at once, like a network that is down.
      super(down ? 'ws://127.0.0.1:9/' : url, protocols);
      open.add(this);
      this.addEventListener('close', () => open.delete(this));
    }
  }
  globalThis.WebSocket = FlakyWebSocket;
  return {
    offline() {
      down = true;
      for (const socket of open) socket.close();
    },
    online({ announce } = { announce: true }) {
      down = false;
      // What the browser says when the network comes back; the SDK redials at once.
      if (announce) globalThis.dispatchEvent(new Event('online'));
    },
    uninstall() {
      globalThis.WebSocket = Real;
    },
  };
}

export { nextEvent, until, uniqueName };
