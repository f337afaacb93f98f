import { emulateMedia } from '@web/test-runner-commands';
import { runAxe } from '../support/axe.js';
import { $, account, cleanUp, installFlakyNetwork, mountWidget, peerClient, sendFromComposer, startChat, until, waitFor } from './widget-fixtures.js';

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
