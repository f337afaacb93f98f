// Blocking and reporting in the widget: the chat options dialog blocks and unblocks a direct chat's peer, Report on
// someone else's message opens the report dialog (both a lazy part), and a refused send is explained in the composer.

import { expect } from '@esm-bundle/chai';
import { IChatError } from '@ichat/sdk';
import { $, $$, account, cleanUp, mountWidget, openChat, peerClient, sendFromComposer, until, waitFor, waitForText } from './widget-fixtures.js';
import type { IChatWidget } from '../../src/ichat-widget.js';

afterEach(cleanUp);

async function refusal(work: Promise<unknown>): Promise<string> {
  const error: unknown = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return error instanceof IChatError ? error.code : 'no refusal';
}

function submitDialog(element: IChatWidget): void {
  $(element, 'dialog.moderation-dialog button[type="submit"]').click();
}

describe('<ichat-widget> blocking', () => {
  it('blocks the peer of a direct chat from its options, and unblocks them again', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const gracePeer = await peerClient(grace.token);
    const direct = await gracePeer.openDirect(ada.user.username);
    await gracePeer.send(direct.roomId, 'hello');
    const element = await mountWidget({ token: ada.token });
    await openChat(element, grace.user.username);

    $(element, 'button.chat-options').click();
    await waitForText(element, 'dialog.moderation-dialog h2', `Block ${grace.user.username}?`);
    await until(() => !$(element, 'dialog.moderation-dialog button[type="submit"]').hasAttribute('disabled'), 'the block state');
    submitDialog(element);
    await until(() => shadow(element).querySelector('dialog.moderation-dialog') === null, 'the dialog to close');
    expect(await refusal(gracePeer.send(direct.roomId, 'still there?'))).to.equal('blocked');

    $(element, 'button.chat-options').click();
    await waitForText(element, 'dialog.moderation-dialog h2', `Unblock ${grace.user.username}?`);
    submitDialog(element);
    await until(() => shadow(element).querySelector('dialog.moderation-dialog') === null, 'the dialog to close');
    await gracePeer.send(direct.roomId, 'thanks');
    gracePeer.close();
  });

  it('offers no chat options in a group', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const gracePeer = await peerClient(grace.token);
    await gracePeer.createGroup('Team', [ada.user.username]);
    const element = await mountWidget({ token: ada.token });
    await openChat(element, 'Team');
    expect($$(element, 'button.chat-options')).to.have.length(0);
    gracePeer.close();
  });

  it('explains in the composer why a send into a blocked chat was refused', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const gracePeer = await peerClient(grace.token);
    const direct = await gracePeer.openDirect(ada.user.username);
    await gracePeer.send(direct.roomId, 'bye');
    await gracePeer.blockUser(ada.user.id);
    const element = await mountWidget({ token: ada.token });
    await openChat(element, grace.user.username);
    await sendFromComposer(element, 'wait!');
    await waitForText(element, '.composer-error', 'You can’t send messages in this conversation.');
    gracePeer.close();
  });
});

describe('<ichat-widget> reporting', () => {
  it('reports someone else\'s message with a reason and a note, and offers no Report on one\'s own', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const gracePeer = await peerClient(grace.token);
    const direct = await gracePeer.openDirect(ada.user.username);
    await gracePeer.send(direct.roomId, 'buy my pills');
    const element = await mountWidget({ token: ada.token });
    await openChat(element, grace.user.username);
    await sendFromComposer(element, 'no thanks');
    await waitFor(element, '.run.mine .msg.message');
    expect($$(element, '.run.mine button.report')).to.have.length(0);

    $(element, '.run.theirs button.report').click();
    await waitForText(element, 'dialog.moderation-dialog h2', 'Report message');
    const other = await waitFor(element, 'dialog input[value="other"]');
    if (!(other instanceof HTMLInputElement)) throw new Error('no reason');
    other.click();
    submitDialog(element);
    // "Something else" needs a note: the dialog says so and stays open.
    await waitForText(element, 'dialog.moderation-dialog .error', 'Tell us what is wrong.');
    const note = $(element, 'dialog textarea[name="note"]');
    if (!(note instanceof HTMLTextAreaElement)) throw new Error('no note');
    note.value = 'Selling things';
    submitDialog(element);
    await waitForText(element, 'dialog.moderation-dialog [role="status"]', 'Thanks. The administrators will look at it.');
    $(element, 'dialog.moderation-dialog button.primary').click();
    await until(() => shadow(element).querySelector('dialog.moderation-dialog') === null, 'the dialog to close');
    gracePeer.close();
  });
});

function shadow(element: IChatWidget): ShadowRoot {
  if (element.shadowRoot === null) throw new Error('no shadow root');
  return element.shadowRoot;
}
