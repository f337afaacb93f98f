import { expect } from '@esm-bundle/chai';
import type { WidgetMessageDetail, WidgetUnreadDetail } from '../../src/index.js';
import {
  $,
  $$,
  account,
  bubbleTexts,
  chatNames,
  cleanUp,
  mountWidget,
  nextEvent,
  openChat,
  peerClient,
  sendFromComposer,
  shadow,
  startChat,
  unreadBadge,
  until,
  waitFor,
  waitForText,
} from './widget-fixtures.js';

afterEach(cleanUp);

describe('<ichat-widget> chats', () => {
  it('starts a direct chat by username with "New chat" and by e-mail finds the same room', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const element = await mountWidget({ token: ada.token });
    expect($(element, 'button.new-chat').textContent?.trim()).to.equal('New chat');
    await startChat(element, grace.user.username);
    expect($(element, '#conversation-title').textContent).to.equal(grace.user.username);
    expect(chatNames(element)).to.deep.equal([grace.user.username]);
    await startChat(element, grace.user.email);
    expect(chatNames(element)).to.deep.equal([grace.user.username]);
  });

  it('explains an unknown user in the dialog and keeps it open', async () => {
    const ada = await account('ada');
    const element = await mountWidget({ token: ada.token });
    $(element, 'button.new-chat').click();
    const input = await waitFor(element, 'dialog input[name="with"]');
    if (!(input instanceof HTMLInputElement)) throw new Error('no input');
    input.value = 'nobody-by-this-name';
    $(element, 'dialog button[type="submit"]').click();
    await until(() => $(element, 'dialog .error').textContent?.includes('No one with that email or username'), 'not-found error');
    expect(($(element, 'dialog') as HTMLDialogElement).open).to.equal(true);
  });

  it('creates a group with members, named in both members’ lists', async () => {
    const [ada, grace, linus] = await Promise.all([account('ada'), account('grace'), account('linus')]);
    const element = await mountWidget({ token: ada.token });
    const other = await mountWidget({ token: grace.token });
    $(element, 'button.new-chat').click();
    await waitFor(element, 'dialog');
    $$(element, 'dialog .tab')[1]?.click();
    await element.updateComplete;
    ($(element, 'dialog input[name="name"]') as HTMLInputElement).value = 'Compilers';
    ($(element, 'dialog input[name="members"]') as HTMLInputElement).value = `${grace.user.username}, ${linus.user.email}`;
    $(element, 'dialog button[type="submit"]').click();
    await waitForText(element, '#conversation-title', 'Compilers');
    expect($(element, '.subtitle').textContent).to.equal('3 members');
    await until(() => chatNames(other).includes('Compilers'), 'the group in the member’s list');
  });

  it('exchanges messages between two widgets on one page, with own messages on their side', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const a = await mountWidget({ token: ada.token, width: '800px', height: '520px' });
    const g = await mountWidget({ token: grace.token, width: '800px', height: '520px' });
    await startChat(a, grace.user.username);

    const arrived = nextEvent<CustomEvent<WidgetMessageDetail>>(g, 'ichat-message');
    await sendFromComposer(a, 'Hello Grace');
    const detail = (await arrived).detail;
    expect(detail.message.text).to.equal('Hello Grace');
    expect(detail.own).to.equal(false);
    await until(() => chatNames(g).includes(ada.user.username), 'chat in Grace’s list');
    expect(unreadBadge(g, ada.user.username)).to.equal(1);

    await openChat(g, ada.user.username);
    await until(() => bubbleTexts(g).includes('Hello Grace'), 'message in Grace’s conversation');
    expect($(g, '.unread-divider').textContent).to.equal('Unread messages');
    expect($(g, '.run').classList.contains('theirs')).to.equal(true);
    await until(() => unreadBadge(g, ada.user.username) === 0, 'badge cleared once read');

    await sendFromComposer(g, 'Hi Ada!\nHow are you?');
    await until(() => bubbleTexts(a).includes('Hi Ada!\nHow are you?'), 'reply in Ada’s conversation');
    const mine = $$(a, '.run.mine .bubble').map((node) => node.textContent);
    expect(mine.some((text) => text?.includes('Hello Grace'))).to.equal(true);
    // Sent messages show their delivered state.
    await waitFor(a, '.run.mine .msg.message .tick');
    // Own messages sit at the inline end, others' at the start.
    const mineBox = $(a, '.run.mine .bubble').getBoundingClientRect();
    const theirsBox = $(a, '.run.theirs .bubble').getBoundingClientRect();
    expect(mineBox.right).to.be.greaterThan(theirsBox.right);
    expect($(a, '[role="log"]').getAttribute('aria-live')).to.equal('polite');
  });

  it('re-sorts the chat list live and counts unread messages, also for messages from another device', async () => {
    const [ada, b, c, d] = await Promise.all([account('ada'), account('bea'), account('cid'), account('dan')]);
    const peers = await Promise.all([b, c, d].map((user) => peerClient(user.token)));
    const rooms = await Promise.all(peers.map((peer) => peer.openDirect(ada.user.username)));
    const element = await mountWidget({ token: ada.token });
    const totals: number[] = [];
    element.addEventListener('ichat-unread', (event: CustomEvent<WidgetUnreadDetail>) => totals.push(event.detail.total));
    await until(() => chatNames(element).length === 3, 'three chats');

    await peers[1]!.send(rooms[1]!.roomId, 'from cid');
    await until(() => chatNames(element)[0] === c.user.username, 'cid on top');
    await peers[0]!.send(rooms[0]!.roomId, 'from bea 1');
    await peers[0]!.send(rooms[0]!.roomId, 'from bea 2');
    await until(() => chatNames(element)[0] === b.user.username && unreadBadge(element, b.user.username) === 2, 'bea on top with 2');
    expect(chatNames(element)).to.deep.equal([b.user.username, c.user.username, d.user.username]);
    expect(unreadBadge(element, c.user.username)).to.equal(1);
    expect(unreadBadge(element, d.user.username)).to.equal(0);
    await until(() => totals.at(-1) === 3, 'ichat-unread total 3');
    expect($$(element, '.chat-item')[0]?.querySelector('.chat-preview')?.textContent).to.equal('from bea 2');

    // Ada writes to Dan from another device: Dan's chat moves to the top with a "You:" preview.
    const adaPhone = await peerClient(ada.token);
    await adaPhone.send(rooms[2]!.roomId, 'sent from my phone');
    await until(() => chatNames(element)[0] === d.user.username, 'dan on top');
    expect($$(element, '.chat-item')[0]?.querySelector('.chat-preview')?.textContent).to.equal('You: sent from my phone');
    for (const peer of [...peers, adaPhone]) peer.close();
  });

  it('keeps a too-long message in the composer and says why', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const element = await mountWidget({ token: ada.token });
    await startChat(element, grace.user.username);
    const text = 'x'.repeat(4001);
    await sendFromComposer(element, text);
    expect((await waitFor(element, '.composer-error')).textContent).to.equal('That message is too long.');
    expect(($(element, 'textarea') as HTMLTextAreaElement).value).to.equal(text);
    expect($$(element, '.msg')).to.have.length(0);
  });

  it('shows who is typing and who is online', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const element = await mountWidget({ token: ada.token });
    await startChat(element, grace.user.username);
    expect(shadow(element).querySelector('.bar .presence')).to.equal(null);
    const peer = await peerClient(grace.token);
    await waitFor(element, '.bar .presence');
    expect($(element, '.subtitle').textContent).to.equal('Online');
    const roomId = peer.chats[0]!.roomId;
    await peer.typing(roomId);
    await until(() => $(element, '.subtitle').textContent === `${grace.user.username} is typing…`, 'typing indicator');
    expect($(element, '.chat-preview').textContent).to.equal(`${grace.user.username} is typing…`);
    peer.close();
    await until(() => shadow(element).querySelector('.bar .presence') === null, 'presence dot gone');
  });

  it('goes back to the list when the open chat is taken away (removed from a group)', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const peer = await peerClient(grace.token);
    const group = await peer.createGroup('Short-lived', [ada.user.username]);
    const element = await mountWidget({ token: ada.token, width: '360px', height: '600px' });
    await openChat(element, 'Short-lived');
    await peer.removeMember(group.roomId, ada.user.id);
    await until(() => chatNames(element).length === 0, 'chat gone from the list');
    await until(() => $(element, '.list-pane').getClientRects().length > 0, 'list pane shown');
    peer.close();
  });
});
