// People as they are: display names and avatars wherever someone is named, live renames, and the profile editor.

import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import { html, render } from 'lit';
import { renderAvatar } from '../../src/widget/shared/avatar.js';
import { runAxe } from '../support/axe.js';
import {
  $,
  $$,
  account,
  bubbleTexts,
  cleanUp,
  mountWidget,
  openChat,
  peerClient,
  shadow,
  until,
  waitFor,
  waitForText,
} from './widget-fixtures.js';
import type { IChatWidget } from '../../src/ichat-widget.js';

afterEach(cleanUp);

/** An https picture that can never load here (nothing listens on port 1): the widget must fall back to initials. */
const BROKEN_PICTURE = 'https://127.0.0.1:1/broken.png';

function input(element: IChatWidget, name: string): HTMLInputElement {
  const found = $(element, `dialog input[name="${name}"]`);
  if (!(found instanceof HTMLInputElement)) throw new Error(`no input ${name}`);
  return found;
}

async function openEditor(element: IChatWidget): Promise<void> {
  $(element, 'button.edit-profile').click();
  await waitFor(element, 'dialog.profile-dialog[open]');
}

describe('<ichat-widget> names and avatars', () => {
  it('names people by display name, else username, in the list, the header, group senders and typing', async () => {
    const [ada, grace, linus] = await Promise.all([account('ada'), account('grace'), account('linus')]);
    const gracePeer = await peerClient(grace.token);
    const linusPeer = await peerClient(linus.token);
    await gracePeer.updateProfile({ displayName: 'Grace Hopper' });
    const direct = await gracePeer.openDirect(ada.user.username);
    await gracePeer.send(direct.roomId, 'hi');
    const group = await gracePeer.createGroup('Team', [ada.user.username, linus.user.username]);
    await gracePeer.send(group.roomId, 'from grace');
    await linusPeer.send(group.roomId, 'from linus');
    const element = await mountWidget({ token: ada.token });
    await waitForText(element, '.chat-item .chat-name', 'Grace Hopper');
    await openChat(element, 'Team');
    await until(() => bubbleTexts(element).length === 2, 'two group messages');
    expect($$(element, '.run .sender').map((node) => node.textContent?.trim())).to.deep.equal(['Grace Hopper', linus.user.username]);
    await openChat(element, 'Grace Hopper');
    expect($(element, '#conversation-title').textContent?.trim()).to.equal('Grace Hopper');
    await gracePeer.typing(direct.roomId);
    await waitForText(element, '.conversation .subtitle', 'Grace Hopper is typing…');
    gracePeer.close();
    linusPeer.close();
  });

  it('shows a picture without referrer, lazily, over the initials, and the initials alone when it fails to load', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const peer = await peerClient(grace.token);
    await peer.updateProfile({ displayName: 'Grace Hopper', avatarUrl: BROKEN_PICTURE });
    await peer.openDirect(ada.user.username);
    const element = await mountWidget({ token: ada.token });
    const picture = await waitFor(element, '.chat-item .avatar img');
    expect(picture.getAttribute('src')).to.equal(BROKEN_PICTURE);
    expect(picture.getAttribute('referrerpolicy')).to.equal('no-referrer');
    expect(picture.getAttribute('loading')).to.equal('lazy');
    expect(picture.getAttribute('decoding')).to.equal('async');
    expect(picture.getAttribute('alt')).to.equal('');
    await until(() => picture.hidden, 'the broken picture hidden');
    expect(getComputedStyle(picture).display).to.equal('none');
    expect($(element, '.chat-item .avatar [aria-hidden]').textContent).to.equal('GH');
    peer.close();
  });

  it('never renders a picture that is not https, whatever the data says', () => {
    const box = document.createElement('div');
    for (const url of ['javascript:alert(1)', 'http://cdn.example/a.png', 'data:image/png;base64,AAAA', '']) {
      render(html`${renderAvatar('Ada', undefined, 'Online', url)}`, box);
      expect(box.querySelector('img'), url).to.equal(null);
    }
    render(html`${renderAvatar('Ada', undefined, 'Online', 'https://cdn.example/a.png')}`, box);
    expect(box.querySelector('img')?.getAttribute('src')).to.equal('https://cdn.example/a.png');
  });

  it('shows a contact’s rename live, in the list and the open conversation, without a reload', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const peer = await peerClient(grace.token);
    await peer.openDirect(ada.user.username);
    const element = await mountWidget({ token: ada.token });
    await openChat(element, grace.user.username);
    await peer.updateProfile({ displayName: 'Amazing Grace', avatarUrl: BROKEN_PICTURE });
    await waitForText(element, '#conversation-title', 'Amazing Grace');
    await waitForText(element, '.chat-item .chat-name', 'Amazing Grace');
    expect($(element, '.conversation .avatar img').getAttribute('src')).to.equal(BROKEN_PICTURE);
    peer.close();
  });

  it('renders markup in a display name as text and runs nothing', async () => {
    const [ada, mallory] = await Promise.all([account('ada'), account('mallory')]);
    const payload = '<img src=x onerror="window.__xssName = 1">';
    const peer = await peerClient(mallory.token);
    await peer.updateProfile({ displayName: payload });
    const room = await peer.openDirect(ada.user.username);
    await peer.typing(room.roomId);
    const element = await mountWidget({ token: ada.token });
    await waitForText(element, '.chat-item .chat-name', payload);
    await openChat(element, payload);
    expect($(element, '#conversation-title').textContent?.trim()).to.equal(payload);
    expect(shadow(element).querySelectorAll('img[src="x"]')).to.have.length(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(Reflect.get(window, '__xssName')).to.equal(undefined);
    peer.close();
  });
});

describe('<ichat-widget> profile editor', () => {
  it('saves a display name and picture, shows them at once, and tells contacts', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const peer = await peerClient(grace.token);
    await peer.openDirect(ada.user.username);
    const element = await mountWidget({ token: ada.token, width: '375px' });
    await openEditor(element);
    expect(shadow(element).activeElement).to.equal(input(element, 'displayName'));
    input(element, 'displayName').value = '  Ada   Lovelace ';
    input(element, 'avatarUrl').value = BROKEN_PICTURE;
    const told = new Promise<string | null>((resolve) => peer.once('user.updated', ({ user }) => resolve(user.displayName)));
    $(element, 'dialog.profile-dialog button[type="submit"]').click();
    await until(() => shadow(element).querySelector('dialog.profile-dialog') === null, 'the editor closed');
    await waitForText(element, '.account .me', 'Signed in as Ada Lovelace');
    expect(await told).to.equal('Ada Lovelace');
    await until(() => shadow(element).activeElement === $(element, 'button.edit-profile'), 'focus back on the button');
    // Reopened, the editor shows what is stored; emptied fields clear it back to the username.
    await openEditor(element);
    expect(input(element, 'displayName').value).to.equal('Ada Lovelace');
    expect(input(element, 'avatarUrl').value).to.equal(BROKEN_PICTURE);
    input(element, 'displayName').value = '';
    input(element, 'avatarUrl').value = '';
    $(element, 'dialog.profile-dialog button[type="submit"]').click();
    await waitForText(element, '.account .me', `Signed in as ${ada.user.username}`);
    expect(shadow(element).querySelector('.account .avatar img')).to.equal(null);
    peer.close();
  });

  it('shows a refused picture URL next to its field, keeps the editor open, and cancels without saving', async () => {
    const ada = await account('ada');
    const element = await mountWidget({ token: ada.token, width: '375px' });
    await openEditor(element);
    input(element, 'displayName').value = 'Not saved';
    input(element, 'avatarUrl').value = 'http://cdn.example/ada.png';
    $(element, 'dialog.profile-dialog button[type="submit"]').click();
    const error = await waitFor(element, '#avatarUrl-error');
    expect(error.textContent).to.equal('Enter an https:// address.');
    expect(input(element, 'avatarUrl').getAttribute('aria-invalid')).to.equal('true');
    expect(input(element, 'avatarUrl').getAttribute('aria-describedby')).to.equal('avatarUrl-error');
    await until(() => shadow(element).activeElement === input(element, 'avatarUrl'), 'focus on the refused field');
    await runAxe(element);
    $(element, 'dialog.profile-dialog button.quiet').click();
    await until(() => shadow(element).querySelector('dialog.profile-dialog') === null, 'the editor closed');
    expect($(element, '.account .me').textContent).to.equal(`Signed in as ${ada.user.username}`);
  });

  it('works from the keyboard: typed into, saved with Enter, and closed with Escape', async () => {
    const ada = await account('ada');
    const element = await mountWidget({ token: ada.token });
    await openEditor(element);
    await until(() => shadow(element).activeElement === input(element, 'displayName'), 'focus in the first field');
    await sendKeys({ type: 'Keyboard Ada' });
    await sendKeys({ press: 'Enter' });
    await waitForText(element, '.account .me', 'Signed in as Keyboard Ada');
    await openEditor(element);
    await sendKeys({ press: 'Escape' });
    await until(() => shadow(element).querySelector('dialog.profile-dialog') === null, 'the editor closed');
    await until(() => shadow(element).activeElement === $(element, 'button.edit-profile'), 'focus back on the button');
  });
});
