// Read receipts in the widget: "Seen" in a direct chat, "Seen by N" with names on demand in a group, both live, and
// the profile setting that stops sharing them (and showing them).

import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import { $, account, cleanUp, mountWidget, openChat, peerClient, sendFromComposer, shadow, startChat, until, waitFor } from './widget-fixtures.js';

afterEach(cleanUp);

describe('<ichat-widget> read receipts', () => {
  it('shows "Seen" under the sender\'s message once the peer reads it, live', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const a = await mountWidget({ token: ada.token, width: '800px', height: '480px' });
    const peer = await peerClient(grace.token);
    await startChat(a, grace.user.username);
    await sendFromComposer(a, 'did you see this?');
    const sent = await waitFor(a, '.msg.message');
    expect(shadow(a).querySelector('.seen')).to.equal(null);
    const roomId = await until(() => peer.chats.find((chat) => chat.lastSeq === 1)?.roomId, 'the chat at grace');
    await peer.markRead(roomId);
    const seen = await waitFor(a, '.msg.message .seen');
    expect(seen.textContent?.trim()).to.equal('Seen');
    expect(seen.closest('.msg')).to.equal(sent);
    peer.close();
  });

  it('counts a group\'s readers and lists their names from the keyboard', async () => {
    const [ada, grace, linus] = await Promise.all([account('ada'), account('grace'), account('linus')]);
    const g = await peerClient(grace.token);
    const l = await peerClient(linus.token);
    const group = await g.createGroup('Readers', [ada.user.username, linus.user.username]);
    const a = await mountWidget({ token: ada.token, width: '800px', height: '480px' });
    await openChat(a, 'Readers');
    await sendFromComposer(a, 'read me');
    await waitFor(a, '.msg.message');
    await until(() => g.chats.find((chat) => chat.roomId === group.roomId)?.lastSeq === 1, 'grace has it');
    await g.markRead(group.roomId);
    const summary = await waitFor(a, 'details.seen summary');
    expect(summary.textContent?.trim()).to.equal('Seen by 1');
    await until(() => l.chats.find((chat) => chat.roomId === group.roomId)?.lastSeq === 1, 'linus has it');
    await l.markRead(group.roomId);
    await until(() => $(a, 'details.seen summary').textContent?.trim() === 'Seen by 2', 'two readers');
    const details = $(a, 'details.seen');
    expect(details.hasAttribute('open')).to.equal(false);
    $(a, 'details.seen summary').focus();
    await sendKeys({ press: 'Enter' });
    await until(() => details.hasAttribute('open'), 'the names open');
    // The readers come in the server's order, by user id (the accounts were made concurrently, so either may be first).
    const byId = [grace.user, linus.user].sort((x, y) => x.id - y.id).map((user) => user.username);
    expect($(a, '.seen-names').textContent).to.equal(byId.join(', '));
    g.close();
    l.close();
  });

  it('stops sharing from the profile editor: the sender then sees no receipts either', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const a = await mountWidget({ token: ada.token, width: '800px', height: '480px' });
    const peer = await peerClient(grace.token);
    await startChat(a, grace.user.username);
    await sendFromComposer(a, 'private reading');
    const roomId = await until(() => peer.chats.find((chat) => chat.lastSeq === 1)?.roomId, 'the chat at grace');
    await peer.markRead(roomId);
    await waitFor(a, '.msg.message .seen');

    $(a, 'button.edit-profile').click();
    const checkbox = await waitFor(a, 'dialog.profile-dialog[open] input[name="shareReceipts"]');
    if (!(checkbox instanceof HTMLInputElement)) throw new Error('no checkbox');
    expect(checkbox.checked).to.equal(true);
    expect(checkbox.closest('label')?.textContent).to.contain('Share read receipts');
    checkbox.click();
    $(a, 'dialog.profile-dialog button[type="submit"]').click();
    await until(() => shadow(a).querySelector('dialog.profile-dialog') === null, 'the editor closed');
    await until(() => shadow(a).querySelector('.seen') === null, 'no receipts shown');
    expect(await peer.receipts(roomId)).to.deep.equal([]);
    peer.close();
  });
});
