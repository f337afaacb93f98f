import { expect } from '@esm-bundle/chai';
import { $, $$, account, bubbleTexts, cleanUp, mountWidget, openChat, sendFromComposer, shadow, startChat, until, waitFor } from './widget-fixtures.js';

afterEach(cleanUp);

describe('<ichat-widget> editing and deleting', () => {
  it('edits an own message in the composer and both sides see the new text', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const a = await mountWidget({ token: ada.token, width: '800px', height: '480px' });
    const g = await mountWidget({ token: grace.token, width: '800px', height: '480px' });
    await startChat(a, grace.user.username);
    await sendFromComposer(a, 'teh typo');
    await until(() => $$(a, '.msg.message').length === 1, 'sent');
    await openChat(g, ada.user.username);
    await until(() => bubbleTexts(g).includes('teh typo'), 'grace sees it');

    // Other people's messages have no edit button.
    expect($$(g, '.msg .edit')).to.have.length(0);
    $(a, '.msg.message .edit').click();
    await a.updateComplete;
    const textarea = $(a, 'textarea') as HTMLTextAreaElement;
    expect(textarea.value).to.equal('teh typo');
    expect(shadow(a).activeElement).to.equal(textarea);
    expect($(a, '.editing-bar').textContent).to.contain('Editing message');
    await sendFromComposer(a, 'the typo, fixed');
    await until(() => bubbleTexts(a).includes('the typo, fixed'), 'edited locally');
    expect($(a, '.msg.message .meta').textContent).to.contain('edited');
    // The room's event of the edit can show the new text before the edit's own answer closes the editing bar.
    await until(() => shadow(a).querySelector('.editing-bar') === null, 'the editing bar closed');
    await until(() => bubbleTexts(g).includes('the typo, fixed'), 'edited for grace');
    expect(bubbleTexts(a)).to.have.length(1);
  });

  it('cancels an edit with Escape, leaving the message as it was', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const a = await mountWidget({ token: ada.token });
    await startChat(a, grace.user.username);
    await sendFromComposer(a, 'keep me');
    await until(() => $$(a, '.msg.message').length === 1, 'sent');
    $(a, '.msg.message .edit').click();
    await a.updateComplete;
    const textarea = $(a, 'textarea') as HTMLTextAreaElement;
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await a.updateComplete;
    expect(textarea.value).to.equal('');
    expect(shadow(a).querySelector('.editing-bar')).to.equal(null);
    expect(bubbleTexts(a)).to.deep.equal(['keep me']);
  });

  it('deletes an own message after confirming, for both sides', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const a = await mountWidget({ token: ada.token, width: '800px', height: '480px' });
    const g = await mountWidget({ token: grace.token, width: '800px', height: '480px' });
    await startChat(a, grace.user.username);
    await sendFromComposer(a, 'regrettable');
    await until(() => $$(a, '.msg.message').length === 1, 'sent');
    await openChat(g, ada.user.username);
    await until(() => bubbleTexts(g).includes('regrettable'), 'grace sees it');

    $(a, '.msg.message .delete').click();
    const confirm = await waitFor(a, '.confirm-delete');
    expect(shadow(a).activeElement).to.equal(confirm);
    expect($(a, '.actions.confirming').textContent).to.contain('Delete this message?');
    confirm.click();
    await until(() => bubbleTexts(a)[0] === 'Message deleted', 'deleted locally');
    await until(() => bubbleTexts(g)[0] === 'Message deleted', 'deleted for grace');
    expect($$(a, '.msg.deleted .edit')).to.have.length(0);
  });
});
