import { expect } from '@esm-bundle/chai';
import type { IChatWidget } from '../../src/ichat-widget.js';
import { $, $$, account, bubbleTexts, cleanUp, mountWidget, openChat, peerClient, until, waitFor } from './widget-fixtures.js';

afterEach(cleanUp);

function composer(element: IChatWidget): HTMLTextAreaElement {
  const textarea = $(element, 'textarea');
  if (!(textarea instanceof HTMLTextAreaElement)) throw new Error('no composer');
  return textarea;
}

/** Types text at the end of the composer, as one input event. */
async function type(element: IChatWidget, text: string): Promise<void> {
  const textarea = composer(element);
  textarea.focus();
  textarea.value += text;
  textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  textarea.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await element.updateComplete;
}

async function press(element: IChatWidget, key: string): Promise<void> {
  composer(element).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
  await element.updateComplete;
}

function options(element: IChatWidget): string[] {
  return $$(element, '[role="listbox"] [role="option"] .mention-username').map((node) => node.textContent ?? '');
}

describe('<ichat-widget> mentions', () => {
  it('offers the room’s members after @, picks with the keyboard or a click, and closes on Escape', async () => {
    const prefix = `m${Date.now().toString(36).slice(-4)}`;
    // One after another: the list offers members in the room's order (by id), so Grace comes before Gus.
    const ada = await account(`${prefix}ada`);
    const grace = await account(`${prefix}grace`);
    const gus = await account(`${prefix}gus`);
    const fromAda = await peerClient(ada.token);
    await fromAda.createGroup('Mentions', [grace.user.username, gus.user.username]);
    const element = await mountWidget({ token: ada.token });
    await openChat(element, 'Mentions');

    await type(element, `hi @${prefix}g`);
    await until(() => options(element).length === 2, 'two options');
    const textarea = composer(element);
    expect(textarea.getAttribute('role')).to.equal('combobox');
    expect(textarea.getAttribute('aria-expanded')).to.equal('true');
    expect(textarea.getAttribute('aria-activedescendant')).to.equal(`mention-${grace.user.id}`);
    await press(element, 'ArrowDown');
    expect(textarea.getAttribute('aria-activedescendant')).to.equal(`mention-${gus.user.id}`);
    expect($(element, `#mention-${gus.user.id}`).getAttribute('aria-selected')).to.equal('true');
    await press(element, 'Enter');
    expect(textarea.value).to.equal(`hi @${gus.user.username} `);
    expect(options(element)).to.deep.equal([]);
    expect(textarea.getAttribute('aria-expanded')).to.equal('false');

    await type(element, `and @${prefix}gr`);
    await until(() => options(element).length === 1, 'one option');
    await press(element, 'Escape');
    expect(options(element)).to.deep.equal([]);
    await type(element, 'a');
    await until(() => options(element).length === 1, 'the list again');
    $(element, `#mention-${grace.user.id}`).click();
    await element.updateComplete;
    expect(textarea.value).to.equal(`hi @${gus.user.username} and @${grace.user.username} `);
  });

  it('marks mentions of the reader in message text, as text, and shows an @ badge in the chat list', async () => {
    const prefix = `n${Date.now().toString(36).slice(-4)}`;
    const [ada, grace] = await Promise.all([account(`${prefix}ada`), account(`${prefix}grace`)]);
    const fromGrace = await peerClient(grace.token);
    const room = await fromGrace.createGroup('Pings', [ada.user.username]);
    await fromGrace.send(room.roomId, `<b>hey</b> @${ada.user.username.toUpperCase()}, and @${grace.user.username}`);
    const element = await mountWidget({ token: ada.token });
    const badge = await waitFor(element, '[part="mentioned-badge"]');
    expect(badge.textContent).to.contain('1 mentioning you');
    await openChat(element, 'Pings');
    const mark = await waitFor(element, '.bubble mark');
    expect(mark.textContent).to.equal(`@${ada.user.username.toUpperCase()}`);
    expect($$(element, '.bubble mark')).to.have.length(1);
    expect($$(element, '.bubble b')).to.have.length(0);
    expect(bubbleTexts(element)).to.deep.equal([`<b>hey</b> @${ada.user.username.toUpperCase()}, and @${grace.user.username}`]);
  });
});
