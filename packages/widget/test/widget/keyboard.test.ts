import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import type { IChatWidget } from '../../src/ichat-widget.js';
import { account, bubbleTexts, cleanUp, mountWidget, nextEvent, peerClient, shadow, until } from './widget-fixtures.js';

afterEach(() => {
  document.querySelector('#before')?.remove();
  cleanUp();
});

function focused(element: IChatWidget): Element | null {
  return shadow(element).activeElement;
}

async function shifted(key: string): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: key });
  await sendKeys({ up: 'Shift' });
}

async function waitForFocus(element: IChatWidget, selector: string): Promise<void> {
  await until(() => focused(element)?.matches(selector), `focus on ${selector}`);
}

describe('<ichat-widget> keyboard only', () => {
  it('logs in, starts a chat, sends a two-line message and goes back, all from the keyboard', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const before = document.createElement('button');
    before.id = 'before';
    before.textContent = 'host page button';
    document.body.prepend(before);
    const element = await mountWidget({ width: '900px', height: '600px' });
    before.focus();

    await sendKeys({ press: 'Tab' });
    await waitForFocus(element, 'input[name="email"]');
    await sendKeys({ type: ada.user.email });
    await sendKeys({ press: 'Tab' });
    await waitForFocus(element, 'input[name="password"]');
    await sendKeys({ type: ada.password });
    const ready = nextEvent(element, 'ichat-ready');
    await sendKeys({ press: 'Enter' });
    await ready;
    await waitForFocus(element, '#list-title');

    await sendKeys({ press: 'Tab' });
    await waitForFocus(element, 'button.new-chat');
    await sendKeys({ press: 'Enter' });
    await waitForFocus(element, 'dialog input[name="with"]');
    await sendKeys({ type: grace.user.username });
    await sendKeys({ press: 'Enter' });
    await waitForFocus(element, 'textarea');
    expect(shadow(element).querySelector('dialog')).to.equal(null);

    await sendKeys({ type: 'first line' });
    await shifted('Enter');
    await sendKeys({ type: 'second line' });
    await sendKeys({ press: 'Enter' });
    await until(() => bubbleTexts(element).includes('first line\nsecond line'), 'two-line message');
    expect((shadow(element).querySelector('textarea') as HTMLTextAreaElement).value).to.equal('');

    // Reach the message's Edit button with Shift+Tab from the composer (actions appear on focus).
    await shifted('Tab');
    await waitForFocus(element, '.delete');
    await shifted('Tab');
    await waitForFocus(element, '.edit');
    const edit = focused(element) as HTMLElement;
    expect(edit.getBoundingClientRect().width).to.be.greaterThan(10);
    await sendKeys({ press: 'Enter' });
    await waitForFocus(element, 'textarea');
    await sendKeys({ press: 'Escape' });

    const peer = await peerClient(grace.token);
    expect(peer.chats).to.have.length(1);
    peer.close();
  });

  it('closes the new-chat dialog with Escape and returns focus to "New chat"', async () => {
    const ada = await account('ada');
    const element = await mountWidget({ token: ada.token });
    (shadow(element).querySelector('button.new-chat') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    await waitForFocus(element, 'dialog input');
    await sendKeys({ press: 'Escape' });
    await until(() => shadow(element).querySelector('dialog') === null, 'dialog closed');
    await waitForFocus(element, 'button.new-chat');
  });

  it('opens a chat from the list with Enter on narrow screens and goes back to the same row', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const peer = await peerClient(grace.token);
    await peer.openDirect(ada.user.username);
    const element = await mountWidget({ token: ada.token, width: '360px', height: '600px' });
    const row = await until(() => shadow(element).querySelector<HTMLButtonElement>('.chat-item'), 'chat row');
    row.focus();
    await sendKeys({ press: 'Enter' });
    await waitForFocus(element, '#conversation-title');
    await shifted('Tab');
    await waitForFocus(element, 'button.back');
    await sendKeys({ press: 'Enter' });
    await waitForFocus(element, '.chat-item');
    peer.close();
  });
});
