// Muting, the unread count in the page title and browser notifications, live in Chromium: the permission is granted
// and the tab hidden for real (see test/support/page-state-plugin.mjs), and the notifications are Chromium's own.

import { expect } from '@esm-bundle/chai';
import type { IChatClient } from '@ichat/sdk';
import { executeServerCommand } from '@web/test-runner-commands';
import type { IChatWidget } from '../../src/index.js';
import { $, $$, account, bubbleTexts, cleanUp, mountWidget, openChat, peerClient, unreadBadge, until, waitFor, waitForText } from './widget-fixtures.js';

const RealNotification = window.Notification;
const realRequestPermission = Notification.requestPermission.bind(Notification);

/** Every notification the page showed, each a real one (the subclass only keeps a reference), and whether Chromium
 * displayed it. */
interface Shown {
  notification: Notification;
  displayed: boolean;
  closed: boolean;
}
let shown: Shown[] = [];
let permissionRequests = 0;

function watchNotifications(): void {
  shown = [];
  permissionRequests = 0;
  class WatchedNotification extends RealNotification {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      const entry: Shown = { notification: this, displayed: false, closed: false };
      this.addEventListener('show', () => (entry.displayed = true));
      this.addEventListener('close', () => (entry.closed = true));
      shown.push(entry);
    }
  }
  window.Notification = WatchedNotification;
  Notification.requestPermission = (): Promise<NotificationPermission> => {
    permissionRequests++;
    return realRequestPermission();
  };
}

function setHidden(hidden: boolean): Promise<unknown> {
  return executeServerCommand('page-hidden', { hidden });
}

async function untilVisibility(state: DocumentVisibilityState): Promise<void> {
  await until(() => document.visibilityState === state, `the page to be ${state}`);
}

/** Ada in the widget, and Grace with a direct chat to her, as a second client. */
interface AdaAndGrace {
  element: IChatWidget;
  grace: IChatClient;
  graceName: string;
  /** Their direct room. */
  room: number;
  /** A group of theirs that Ada muted before the page loaded. */
  mutedGroup: number;
  adaToken: string;
}

async function adaAndGrace(attributes: Record<string, string> = {}, mode: 'inline' | 'floating' = 'inline'): Promise<AdaAndGrace> {
  const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
  const graceClient = await peerClient(grace.token);
  clients.push(graceClient);
  const room = (await graceClient.openDirect(ada.user.username)).roomId;
  const mutedGroup = (await graceClient.createGroup('Noise', [ada.user.username])).roomId;
  const adaClient = await peerClient(ada.token);
  clients.push(adaClient);
  await adaClient.muteRoom(mutedGroup, true);
  const element = await mountWidget({ token: ada.token, attributes, mode });
  await waitForText(element, '.chat-item .chat-name', grace.user.username);
  return { element, grace: graceClient, graceName: grace.user.username, room, mutedGroup, adaToken: ada.token };
}

let clients: IChatClient[] = [];
let title = '';

beforeEach(() => {
  title = document.title;
  clients = [];
});

afterEach(async () => {
  cleanUp();
  for (const client of clients) client.close();
  window.Notification = RealNotification;
  Notification.requestPermission = realRequestPermission;
  await setHidden(false);
  await executeServerCommand('notification-permission', { granted: false });
  document.title = title;
});

describe('<ichat-widget> muting', () => {
  it('mutes from the conversation header: a muted mark and a grey count in the list, nothing in the total', async () => {
    const { element, grace, graceName, room, adaToken } = await adaAndGrace();
    await grace.send(room, 'one');
    await until(() => unreadBadge(element, graceName) === 1, 'one unread');
    await openChat(element, graceName);
    const mute = $(element, '.conversation button.mute');
    expect(mute.getAttribute('aria-pressed')).to.equal('false');
    expect(mute.getAttribute('aria-label')).to.equal('Mute notifications');

    mute.click();
    await until(() => $(element, '.conversation button.mute').getAttribute('aria-pressed') === 'true', 'the toggle pressed');
    await waitFor(element, `.chat-item.muted[data-room="${room}"] .mute-mark`);
    expect($(element, `.chat-item[data-room="${room}"] .mute-mark`).textContent?.trim()).to.equal('Muted');

    // Ada's other devices hear of it: another widget shows the mark and leaves the room out of the unread total, though
    // its row still counts the new message (the open conversation above would read it at once, so it goes first).
    element.remove();
    const other = await peerClient(adaToken);
    clients.push(other);
    expect(other.chats.find((c) => c.roomId === room)?.muted).to.equal(true);
    const second = await mountWidget({ token: adaToken, mode: 'floating' });
    await waitFor(second, `.chat-item.muted[data-room="${room}"] .mute-mark`);
    await grace.send(room, 'two');
    await until(() => unreadBadge(second, graceName) === 1, 'the muted room still counts');
    const badge = $(second, `.chat-item.muted[data-room="${room}"] .badge`);
    expect(getComputedStyle(badge).backgroundColor).to.not.equal(getComputedStyle($(second, 'button.new-chat')).backgroundColor);
    expect($$(second, '[part="launcher-badge"]')).to.have.length(0);

    // Unmuted elsewhere: the widget follows live, and the count is in the total again.
    const total = new Promise<number>((resolve) => {
      second.addEventListener('ichat-unread', (event) => resolve(event.detail.total), { once: true });
    });
    await other.muteRoom(room, false);
    expect(await total).to.equal(1);
    await until(() => $$(second, `.chat-item.muted[data-room="${room}"]`).length === 0, 'the mark gone');
    expect($$(second, '.chat-item.muted')).to.have.length(1);
    expect($$(second, '[part="launcher-badge"]')).to.have.length(1);
  });
});

describe('<ichat-widget> title-unread', () => {
  it('shows "(n) Title" while the tab is hidden, muted rooms left out, and restores it exactly when shown or removed', async () => {
    document.title = 'Shop — Checkout';
    const { element, grace, room, mutedGroup } = await adaAndGrace({ 'title-unread': '' });
    await grace.send(room, 'one');
    await grace.send(mutedGroup, 'not counted');
    await until(() => $$(element, '.chat-item .badge').length === 2, 'two rooms with unread messages');
    expect(document.title).to.equal('Shop — Checkout');

    await setHidden(true);
    await untilVisibility('hidden');
    await until(() => document.title === '(1) Shop — Checkout', 'the count in the title');
    await grace.send(room, 'two');
    await until(() => document.title === '(2) Shop — Checkout', 'the new count');

    await setHidden(false);
    await untilVisibility('visible');
    await until(() => document.title === 'Shop — Checkout', 'the title back');

    await setHidden(true);
    await until(() => document.title === '(2) Shop — Checkout', 'the count again');
    element.remove();
    expect(document.title).to.equal('Shop — Checkout');
  });

  it('leaves the title alone without the attribute', async () => {
    document.title = 'Shop';
    const { element, grace, room } = await adaAndGrace();
    await setHidden(true);
    await untilVisibility('hidden');
    await grace.send(room, 'one');
    await until(() => $$(element, '.chat-item .badge').length === 1, 'one unread');
    expect(document.title).to.equal('Shop');
  });
});

describe('<ichat-widget> notifications', () => {
  it('asks for permission only when the visitor clicks its button, never on load, and only with the attribute', async () => {
    watchNotifications();
    const { element } = await adaAndGrace({ notifications: '' });
    const button = await waitFor(element, 'button.notify-on');
    expect(button.textContent?.trim()).to.equal('Turn on notifications');
    expect(permissionRequests).to.equal(0);
    expect(Notification.permission).to.equal('default');

    // Chromium's permission prompt cannot be answered in a headless run; the grant stands in for the visitor's "Allow".
    await executeServerCommand('notification-permission', { granted: true });
    button.click();
    expect(permissionRequests).to.equal(1);
    await until(() => $$(element, 'button.notify-on').length === 0, 'the button gone once allowed');

    const plain = await mountWidget({ token: (await account('linus')).token });
    expect($$(plain, 'button.notify-on')).to.have.length(0);
  });

  it('notifies once per conversation for others’ new messages: never own, muted or in view, and a click opens the chat', async () => {
    await executeServerCommand('notification-permission', { granted: true });
    watchNotifications();
    const { element, grace, graceName, room, mutedGroup, adaToken } = await adaAndGrace({ notifications: '' }, 'floating');
    const adaElsewhere = await peerClient(adaToken);
    clients.push(adaElsewhere);

    await setHidden(true);
    await untilVisibility('hidden');
    await grace.send(room, 'Lunch at noon?');
    await until(() => shown.length === 1, 'a notification');
    await grace.send(mutedGroup, 'muted room');
    await adaElsewhere.send(room, 'my own, from my phone');
    await grace.send(room, 'Or at one');
    await until(() => shown.length === 2, 'a second notification');
    expect(shown.map(({ notification }) => [notification.title, notification.body, notification.tag])).to.deep.equal([
      [graceName, 'Lunch at noon?', String(room)],
      [graceName, 'Or at one', String(room)],
    ]);
    await until(() => shown.every((entry) => entry.displayed || entry.closed), 'Chromium to display them');

    // The visitor clicks it (headless Chromium shows no notification to click, so the click event is sent to it).
    shown[1]?.notification.dispatchEvent(new Event('click'));
    await setHidden(false);
    await untilVisibility('visible');
    await waitForText(element, '#conversation-title', graceName);
    expect(element.open).to.equal(true);
    await until(() => shown[1]?.closed === true, 'the clicked notification closed');

    // The conversation in view, on a visible page: nothing for it.
    const count = shown.length;
    await grace.send(room, 'you are reading this');
    await until(() => bubbleTexts(element).includes('you are reading this'), 'the message in the log');
    expect(shown.length).to.equal(count);
  });
});
