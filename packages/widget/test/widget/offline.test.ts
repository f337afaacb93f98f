import { expect } from '@esm-bundle/chai';
import { $, $$, account, bubbleTexts, cleanUp, installFlakyNetwork, mountWidget, peerClient, sendFromComposer, shadow, startChat, until, waitFor } from './widget-fixtures.js';

let network: ReturnType<typeof installFlakyNetwork> | undefined;

afterEach(() => {
  network?.uninstall();
  network = undefined;
  cleanUp();
});

describe('<ichat-widget> offline', () => {
  it('shows a banner while offline, queues sends, and delivers each exactly once when back', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const peer = await peerClient(grace.token);
    network = installFlakyNetwork();
    const element = await mountWidget({ token: ada.token });
    await startChat(element, grace.user.username);
    const roomId = peer.chats.find((chat) => chat.peer?.id === ada.user.id)?.roomId ?? (await peer.openDirect(ada.user.username)).roomId;

    network.offline();
    const banner = await waitFor(element, '.banner.on');
    expect(banner.getAttribute('role')).to.equal('status');
    expect(banner.textContent).to.contain('offline');

    await sendFromComposer(element, 'queued one');
    await sendFromComposer(element, 'cancel me');
    await sendFromComposer(element, 'queued two');
    await until(() => $$(element, '.msg.pending').length === 3, 'three pending bubbles');
    expect($$(element, '.msg.pending .state').map((node) => node.textContent)).to.deep.equal([
      'Waiting for connection',
      'Waiting for connection',
      'Waiting for connection',
    ]);
    const cancelled = $$(element, '.msg.pending').find((node) => node.textContent?.includes('cancel me'));
    cancelled?.querySelector<HTMLButtonElement>('.meta button')?.click();
    await until(() => $$(element, '.msg.pending').length === 2, 'cancelled bubble gone');
    expect(($(element, 'textarea') as HTMLTextAreaElement).value).to.equal('');

    network.online();
    await until(() => shadow(element).querySelector('.banner.on') === null, 'banner gone', 10_000);
    await until(() => $$(element, '.msg.pending').length === 0, 'nothing pending', 10_000);
    expect(bubbleTexts(element)).to.deep.equal(['queued one', 'queued two']);

    const history = await peer.history(roomId);
    expect(history.messages.map((m) => m.text)).to.deep.equal(['queued one', 'queued two']);
    peer.close();
  });

  it('keeps what arrived while offline: missed messages appear after reconnecting', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const peer = await peerClient(grace.token);
    const room = await peer.openDirect(ada.user.username);
    network = installFlakyNetwork();
    const element = await mountWidget({ token: ada.token });
    await startChat(element, grace.user.username);
    network.offline();
    await waitFor(element, '.banner.on');
    await peer.send(room.roomId, 'sent while you were away');
    network.online();
    await until(() => bubbleTexts(element).includes('sent while you were away'), 'missed message', 10_000);
    expect(bubbleTexts(element).filter((text) => text === 'sent while you were away')).to.have.length(1);
    peer.close();
  });

  it('redials at once from the banner’s "Retry now" instead of waiting out the backoff', async () => {
    const ada = await account('ada');
    network = installFlakyNetwork();
    const element = await mountWidget({ token: ada.token });
    network.offline();
    await waitFor(element, '.banner.on');
    // Several failed dials: the next automatic one is seconds away.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    network.online({ announce: false });
    const clicked = performance.now();
    $(element, '.banner .retry-now').click();
    await until(() => shadow(element).querySelector('.banner.on') === null, 'banner gone', 1500);
    expect(performance.now() - clicked).to.be.below(1500);
  });
});
