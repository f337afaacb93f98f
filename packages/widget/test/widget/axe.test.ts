import { emulateMedia } from '@web/test-runner-commands';
import { runAxe } from '../support/axe.js';
import { $, account, cleanUp, installFlakyNetwork, mountWidget, openChat, peerClient, sendFromComposer, startChat, until, waitFor } from './widget-fixtures.js';

afterEach(async () => {
  cleanUp();
  await emulateMedia({ colorScheme: 'light' });
});

describe('<ichat-widget> accessibility (axe-core)', () => {
  it('has no violations on the log-in and sign-up forms, with errors shown', async () => {
    const element = await mountWidget();
    await runAxe(element);
    $(element, 'form.auth button.switch-mode').click();
    await element.updateComplete;
    $(element, 'form.auth button[type="submit"]').click();
    await waitFor(element, '.field-error');
    await runAxe(element);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no violations in a conversation with links, pending and deleted messages (${scheme})`, async () => {
      await emulateMedia({ colorScheme: scheme });
      const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
      const peer = await peerClient(grace.token);
      const room = await peer.openDirect(ada.user.username);
      await peer.send(room.roomId, 'Hello, see https://example.com/a');
      const network = installFlakyNetwork();
      try {
        const element = await mountWidget({ token: ada.token });
        await startChat(element, grace.user.username);
        await sendFromComposer(element, 'to be deleted');
        await until(() => element.shadowRoot?.querySelector('.msg.message .delete'), 'own message');
        $(element, '.msg.message .delete').click();
        (await waitFor(element, '.confirm-delete')).click();
        await waitFor(element, '.msg.deleted');
        network.offline();
        await waitFor(element, '.banner.on');
        await sendFromComposer(element, 'waiting');
        await waitFor(element, '.msg.pending');
        await runAxe(element);
        network.online();
      } finally {
        network.uninstall();
        peer.close();
      }
    });
  }

  it('has no violations with a mention, a reply quote, reaction chips, the reply bar and the emoji menu open, light and dark', async () => {
    const prefix = `x${Date.now().toString(36).slice(-5)}`;
    const [ada, grace] = await Promise.all([account(`${prefix}ada`), account(`${prefix}grace`)]);
    const peer = await peerClient(grace.token);
    try {
      const adaPeer = await peerClient(ada.token);
      const chat = await adaPeer.createGroup('Rich', [grace.user.username]);
      adaPeer.close();
      const original = await peer.send(chat.roomId, `@${ada.user.username} the question`);
      await peer.send(chat.roomId, 'the answer', { replyTo: original.seq });
      const [emoji] = peer.reactions;
      if (emoji === undefined) throw new Error('the server offers no emoji');
      await peer.react(chat.roomId, original.seq, emoji);
      const element = await mountWidget({ token: ada.token });
      await openChat(element, 'Rich');
      await waitFor(element, '.msg .quote');
      await waitFor(element, '.reactions button');
      await waitFor(element, '.bubble mark');
      $(element, `.msg[data-seq="${original.seq}"] button.reply`).click();
      await waitFor(element, '.reply-bar');
      $(element, `.msg[data-seq="${original.seq}"] button.react`).click();
      await waitFor(element, '.reaction-menu');
      await runAxe(element);
      // And in the dark scheme (colour contrast of the chips, the quote and the menu).
      await emulateMedia({ colorScheme: 'dark' });
      await runAxe(element);
    } finally {
      peer.close();
    }
  });

  it('has no violations with the new-chat dialog open', async () => {
    const ada = await account('ada');
    const element = await mountWidget({ token: ada.token });
    $(element, 'button.new-chat').click();
    await waitFor(element, 'dialog[open]');
    await runAxe(element);
  });

  it('has no violations in floating mode, closed and open, dark theme attribute', async () => {
    const ada = await account('ada');
    const element = await mountWidget({ token: ada.token, mode: 'floating', attributes: { theme: 'dark' } });
    await runAxe(element);
    element.open = true;
    await element.updateComplete;
    await waitFor(element, '.chats, .empty');
    await runAxe(element);
  });
});
