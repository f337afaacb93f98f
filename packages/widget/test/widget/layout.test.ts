import { expect } from '@esm-bundle/chai';
import { setViewport } from '@web/test-runner-commands';
import type { IChatWidget } from '../../src/ichat-widget.js';
import { $, $$, account, cleanUp, mountWidget, nextEvent, openChat, peerClient, sendFromComposer, shadow, until, waitFor } from './widget-fixtures.js';

afterEach(async () => {
  cleanUp();
  document.querySelector('#host-styles')?.remove();
  await setViewport({ width: 800, height: 600 });
});

function visible(element: IChatWidget, selector: string): boolean {
  const node = shadow(element).querySelector<HTMLElement>(selector);
  return node !== null && node.getClientRects().length > 0 && getComputedStyle(node).visibility !== 'hidden';
}

function noHorizontalScroll(element: IChatWidget): void {
  expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
  for (const node of $$(element, '.frame, .panes, .pane, .chats, .log, .composer')) {
    expect(node.scrollWidth, node.className).to.be.at.most(node.clientWidth + 1);
  }
}

const LONG_LINE = `A long line without spaces: ${'x'.repeat(200)} and https://example.com/${'y'.repeat(120)}`;

async function withChat(
  text = LONG_LINE,
): Promise<{ ada: Awaited<ReturnType<typeof account>>; graceName: string; close: () => void }> {
  const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
  const peer = await peerClient(grace.token);
  const room = await peer.openDirect(ada.user.username);
  await peer.send(room.roomId, text);
  return { ada, graceName: grace.user.username, close: () => peer.close() };
}

describe('<ichat-widget> layouts', () => {
  it('shows the list and the conversation side by side at 1280×800', async () => {
    await setViewport({ width: 1280, height: 800 });
    const { ada, graceName, close } = await withChat();
    const element = await mountWidget({ token: ada.token, width: '100%', height: '760px' });
    await openChat(element, graceName);
    expect(visible(element, '.list-pane')).to.equal(true);
    expect(visible(element, '.conversation')).to.equal(true);
    expect(shadow(element).querySelector('button.back')).to.equal(null);
    expect($(element, '.list-pane').getBoundingClientRect().right).to.be.at.most($(element, '.conversation').getBoundingClientRect().left + 1);
    noHorizontalScroll(element);
    close();
  });

  for (const width of [375, 320]) {
    it(`shows one pane with a back button at ${width}px wide`, async () => {
      await setViewport({ width, height: 667 });
      const { ada, graceName, close } = await withChat();
      const element = await mountWidget({ token: ada.token, width: '100%', height: '640px' });
      await until(() => $$(element, '.chat-item').length === 1, 'chat row');
      expect(visible(element, '.list-pane')).to.equal(true);
      expect(visible(element, '.conversation')).to.equal(false);
      noHorizontalScroll(element);
      await openChat(element, graceName);
      expect(visible(element, '.list-pane')).to.equal(false);
      expect(visible(element, '.conversation')).to.equal(true);
      expect($(element, 'button.back').getAttribute('aria-label')).to.equal('Back to chats');
      const send = $(element, 'button.send').getBoundingClientRect();
      expect(send.right).to.be.at.most(width);
      expect(send.bottom).to.be.at.most(667);
      noHorizontalScroll(element);
      $(element, 'button.back').click();
      await until(() => visible(element, '.list-pane'), 'list again');
      close();
    });
  }
});

describe('<ichat-widget> one pane', () => {
  it('fills the widget with the conversation even when its messages are short', async () => {
    await setViewport({ width: 375, height: 667 });
    const { ada, graceName, close } = await withChat('hi');
    const element = await mountWidget({ token: ada.token, width: '100%', height: '640px' });
    await openChat(element, graceName);
    const frame = $(element, '.frame').getBoundingClientRect();
    expect($(element, '.conversation').getBoundingClientRect().width).to.be.closeTo(frame.width, 2);
    close();
  });
});

describe('<ichat-widget> right to left', () => {
  it('mirrors the layout on a right-to-left page', async () => {
    await setViewport({ width: 1280, height: 800 });
    const { ada, graceName, close } = await withChat();
    const element = await mountWidget({ token: ada.token, width: '1000px', height: '600px' });
    element.parentElement?.setAttribute('dir', 'rtl');
    await openChat(element, graceName);
    await sendFromComposer(element, 'mine');
    await waitFor(element, '.run.mine .bubble');
    const list = $(element, '.list-pane').getBoundingClientRect();
    const conversation = $(element, '.conversation').getBoundingClientRect();
    expect(list.left).to.be.greaterThan(conversation.left);
    const mine = $(element, '.run.mine .bubble').getBoundingClientRect();
    const theirs = $(element, '.run.theirs .bubble').getBoundingClientRect();
    expect(mine.left).to.be.lessThan(theirs.left);
    close();
  });
});

describe('<ichat-widget> modes', () => {
  it('inline fills its container and has no launcher', async () => {
    const ada = await account('ada');
    const element = await mountWidget({ token: ada.token, width: '700px', height: '500px' });
    expect(shadow(element).querySelector('.launcher')).to.equal(null);
    const frame = $(element, '.frame').getBoundingClientRect();
    expect(Math.round(frame.width)).to.equal(700);
    expect(Math.round(frame.height)).to.equal(500);
  });

  it('keeps working when moved elsewhere in the page, following its new width', async () => {
    const ada = await account('ada');
    const element = await mountWidget({ token: ada.token, width: '900px', height: '500px' });
    await until(() => $(element, '.frame').classList.contains('wide'), 'two panes');
    const narrowBox = document.createElement('div');
    narrowBox.className = 'widget-box';
    narrowBox.style.cssText = 'inline-size: 360px; block-size: 500px;';
    document.body.append(narrowBox);
    const ready = nextEvent(element, 'ichat-ready', 10_000);
    narrowBox.append(element);
    await ready;
    await until(() => $(element, '.frame').classList.contains('narrow'), 'one pane after the move');
    expect($(element, '.me').textContent).to.contain(ada.user.username);
  });

  it('floating shows a launcher with the unread total that opens and closes the panel', async () => {
    await setViewport({ width: 1280, height: 800 });
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const peer = await peerClient(grace.token);
    const room = await peer.openDirect(ada.user.username);
    await peer.send(room.roomId, 'one');
    await peer.send(room.roomId, 'two');
    const element = await mountWidget({ token: ada.token, mode: 'floating' });
    const launcher = $(element, 'button.launcher');
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    expect(launcher.getAttribute('aria-label')).to.equal('Open chat');
    expect(visible(element, '.frame')).to.equal(false);
    const badge = await waitFor(element, '.launcher-badge');
    expect(badge.textContent).to.contain('2');
    const box = launcher.getBoundingClientRect();
    expect(box.right).to.be.closeTo(1280 - 20, 2);
    expect(box.bottom).to.be.closeTo(800 - 20, 2);

    launcher.click();
    await element.updateComplete;
    expect(element.open).to.equal(true);
    expect(element.hasAttribute('open')).to.equal(true);
    expect(visible(element, '.frame')).to.equal(true);
    expect(launcher.getAttribute('aria-expanded')).to.equal('true');
    await until(() => shadow(element).activeElement?.id === 'list-title', 'focus in the panel');

    await openChat(element, grace.user.username);
    await until(() => shadow(element).querySelector('.launcher-badge') === null, 'read: badge gone');

    $(element, '.frame').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await element.updateComplete;
    expect(element.open).to.equal(false);
    await until(() => shadow(element).activeElement === launcher, 'focus back on the launcher');
    peer.close();
  });

  it('floating fills a phone screen when open', async () => {
    await setViewport({ width: 375, height: 667 });
    const ada = await account('ada');
    const element = await mountWidget({ token: ada.token, mode: 'floating' });
    element.open = true;
    await element.updateComplete;
    const frame = $(element, '.frame').getBoundingClientRect();
    expect(Math.round(frame.width)).to.equal(375);
    expect(Math.round(frame.height)).to.equal(667);
    expect(visible(element, '.panel-bar button')).to.equal(true);
    $(element, '.panel-bar button').click();
    await element.updateComplete;
    expect(element.open).to.equal(false);
  });
});

describe('<ichat-widget> theming', () => {
  it('takes colours, font, radius and spacing from the documented custom properties', async () => {
    const { ada, graceName, close } = await withChat();
    const element = await mountWidget({ token: ada.token });
    element.style.setProperty('--ichat-accent', 'rgb(10, 120, 90)');
    element.style.setProperty('--ichat-accent-text', 'rgb(255, 255, 240)');
    element.style.setProperty('--ichat-background', 'rgb(250, 245, 235)');
    element.style.setProperty('--ichat-text', 'rgb(30, 20, 10)');
    element.style.setProperty('--ichat-font', 'monospace');
    element.style.setProperty('--ichat-radius', '3px');
    element.style.setProperty('--ichat-spacing', '12px');
    await openChat(element, graceName);
    const frame = getComputedStyle($(element, '.frame'));
    expect(frame.backgroundColor).to.equal('rgb(250, 245, 235)');
    expect(frame.color).to.equal('rgb(30, 20, 10)');
    expect(frame.fontFamily).to.equal('monospace');
    expect(frame.borderTopLeftRadius).to.equal('3px');
    const send = getComputedStyle($(element, 'button.send'));
    expect(send.backgroundColor).to.equal('rgb(10, 120, 90)');
    expect(send.color).to.equal('rgb(255, 255, 240)');
    expect(getComputedStyle($(element, '.composer')).paddingTop).to.equal('12px');
    close();
  });

  it('exposes parts, follows theme="dark", and ignores the host page’s own CSS', async () => {
    const style = document.createElement('style');
    style.id = 'host-styles';
    style.textContent = `
      ichat-widget::part(send) { background: rgb(1, 2, 3); }
      ichat-widget::part(chat-list) { border-inline-end: 5px solid rgb(4, 5, 6); }
      button { background: rgb(255, 0, 0) !important; display: none !important; }
      .frame, .log, textarea { display: none !important; }
      body { font-family: fantasy; }`;
    document.head.append(style);
    const { ada, graceName, close } = await withChat();
    const element = await mountWidget({ token: ada.token, attributes: { theme: 'dark' } });
    await openChat(element, graceName);
    expect(getComputedStyle($(element, 'button.send')).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle($(element, '.list-pane')).borderInlineEndColor).to.equal('rgb(4, 5, 6)');
    expect(getComputedStyle($(element, '.frame')).backgroundColor).to.equal('rgb(17, 24, 39)');
    expect(visible(element, 'textarea')).to.equal(true);
    expect(getComputedStyle($(element, 'button.new-chat')).backgroundColor).not.to.equal('rgb(255, 0, 0)');
    expect(getComputedStyle($(element, '.frame')).fontFamily).not.to.contain('fantasy');
    close();
  });

  it('takes any string from the host’s catalog overrides', async () => {
    const ada = await account('ada');
    const element = await mountWidget();
    element.strings = { logIn: 'Se connecter', email: 'Courriel', errors: { invalidCredentials: 'Mauvais mot de passe.' } };
    await element.updateComplete;
    expect($(element, 'form.auth button[type="submit"]').textContent?.trim()).to.equal('Se connecter');
    expect($(element, '.field span').textContent).to.equal('Courriel');
    ($(element, 'input[name="email"]') as HTMLInputElement).value = ada.user.email;
    ($(element, 'input[name="password"]') as HTMLInputElement).value = 'wrong password!';
    $(element, 'form.auth button[type="submit"]').click();
    await until(() => $(element, '.form-error').textContent === 'Mauvais mot de passe.', 'translated error');
  });
});
